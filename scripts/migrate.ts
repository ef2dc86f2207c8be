// `npm run db:migrate`: apply pending migrations (what `npm run dev` / `npm start` do first).
import { closePglite } from "../server/db/adapter";
import { migrate } from "../server/db/migrate";
import { runCli } from "./lib/cli";

runCli(async () => {
  const applied = await migrate({ log: (m) => console.log(`  ${m}`) });
  await closePglite();
  console.log(applied ? `✔ Applied ${applied} migration(s)` : "✔ Database is up to date");
});
