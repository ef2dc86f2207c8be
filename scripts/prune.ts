// `npm run db:prune`: prune ended sessions, spent MFA challenges, stale brute-force counters and
// audit rows past their retention (server/maintenance/prune.ts). The server also does this every
// six hours; this is for operators who prefer a cron job. One instance prunes at a time.
import { closePglite } from "../server/db/adapter";
import { migrate } from "../server/db/migrate";
import { prune } from "../server/maintenance/prune";
import { runCli } from "./lib/cli";

runCli(async () => {
  await migrate();
  const result = await prune();
  await closePglite();
  console.log(result.ran ? `✔ Pruned ${JSON.stringify(result)}` : "Another process is pruning; nothing done.");
});
