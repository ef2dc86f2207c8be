// `npm run db:seed`: load the demo users (alice, bob, admin; password "devicekeeper").
// Works on PostgreSQL too, even in production: running it is the operator's explicit choice.
// The README's well-known API token and server key come only with the embedded database.
import { migrate } from "../server/db/migrate";
import { seedDemoData } from "../server/demo/seed-demo-data";
import { runCli, withCliClient } from "./lib/cli";

runCli(async () => {
  await migrate();
  const { created } = await withCliClient((db) => seedDemoData(db, { demoCredentials: !process.env.DATABASE_URL }));
  console.log(created ? "✔ Demo data loaded (alice/bob/admin @example.com, password: devicekeeper)" : "✔ Demo data already present");
});
