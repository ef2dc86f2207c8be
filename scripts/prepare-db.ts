// Runs before `npm run dev` and `npm start`: checks configuration, applies pending migrations and,
// on an empty embedded database, loads the demo data. The server starts only if this succeeds.
import path from "node:path";
import { databaseMode, closePglite, pgliteDataDir } from "../prisma/adapter";
import { migrate } from "../prisma/migrate";
import { seedDemoData } from "../prisma/seed";
import { getAuthSecret } from "../server/config";
import { runCli, withCliClient } from "./lib/cli";

runCli(async () => {
  const started = Date.now();
  const mode = databaseMode();
  getAuthSecret(); // fail now, with a clear message, rather than on the first sign-in
  const applied = await migrate({ log: (m) => console.log(`  ${m}`) });
  const wantDemo = process.env.SEED_DEMO_DATA ? process.env.SEED_DEMO_DATA === "1" : mode === "pglite";
  let seeded = false;
  if (wantDemo) {
    seeded = await withCliClient(async (db) => ((await db.user.count()) === 0 ? (await seedDemoData(db, { demoCredentials: true })).created : false));
  }
  await closePglite();
  const rel = path.relative(process.cwd(), pgliteDataDir());
  const where = mode === "pglite" ? `embedded database (${rel.startsWith("..") ? pgliteDataDir() : rel})` : "PostgreSQL";
  console.log(
    `✔ ${where} ready in ${Date.now() - started} ms — ${applied} migration(s) applied${seeded ? ", demo data loaded (password: devicekeeper)" : ""}`,
  );
});
