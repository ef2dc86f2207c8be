// In embedded mode, open the database at server start: a second process on the same data
// directory fails here, at once and with a clear message, instead of on someone's first request;
// and the loopback socket (PGLITE_SOCKET_PORT) is up before any traffic.
import { databaseMode, openPglite } from "./prisma/adapter";

if (databaseMode() === "pglite") {
  try {
    await openPglite();
  } catch (e) {
    console.error(`\n✖ ${(e as Error).message}\n`);
    process.exit(1);
  }
}
