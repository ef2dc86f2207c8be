// Shared by the command-line scripts: a Prisma client on the configured engine, and a clean exit.
import { PrismaClient } from "../../prisma/generated/client";
import { closePglite, createAdapterFactory, DatabaseConfigError } from "../../server/db/adapter";
import { ConfigError } from "../../server/config";

export async function withCliClient<T>(fn: (db: PrismaClient) => Promise<T>): Promise<T> {
  const db = new PrismaClient({ adapter: await createAdapterFactory() });
  try {
    return await fn(db);
  } finally {
    await db.$disconnect();
    // PGlite keeps re-arming a timer; closing it is what lets a short-lived process exit.
    await closePglite();
  }
}

export function runCli(main: () => Promise<void>) {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      const known = e instanceof ConfigError || e instanceof DatabaseConfigError;
      if (known) console.error(`\n✖ ${(e as Error).message}\n`);
      else if (isMissingTable(e))
        console.error("\n✖ This database has no tables yet: run `npm run db:migrate` (or start the server once) first.\n");
      else console.error(e);
      process.exit(1);
    },
  );
}

/** PostgreSQL's "relation … does not exist" (42P01), as Prisma's driver adapters report it: an unmigrated database. */
function isMissingTable(e: unknown): boolean {
  const cause = (e as { cause?: { code?: string } } | null)?.cause;
  return cause?.code === "42P01";
}
