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
      console.error(known ? `\n✖ ${(e as Error).message}\n` : e);
      process.exit(1);
    },
  );
}
