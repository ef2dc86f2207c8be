import "server-only";
import { databaseMode, openPglite, type Env } from "@/server/db/adapter";

/**
 * Calls `onNotify` on each NOTIFY of `channel` (pg_notify in a trigger, any instance): on
 * PostgreSQL over a connection of its own, on the embedded database through PGlite's listener.
 * Answers a function that stops listening. A lost connection is re-opened.
 */
export async function listen(channel: string, onNotify: () => void, env: Env = process.env): Promise<() => Promise<void>> {
  if (databaseMode(env) === "pglite") {
    const { db } = await openPglite(env);
    const unlisten = await db.listen(channel, onNotify);
    return () => unlisten();
  }
  const { default: pg } = await import("pg");
  let client: import("pg").Client | null = null;
  let stopped = false;
  const connect = async () => {
    const c = new pg.Client({ connectionString: env.DATABASE_URL });
    c.on("notification", (n) => n.channel === channel && onNotify());
    // The worker also polls: a dropped connection costs latency, not logouts. Try again shortly.
    c.on("error", () => void c.end().catch(() => {}));
    c.on("end", () => {
      if (!stopped) setTimeout(() => void connect().catch(() => {}), 5_000).unref();
    });
    await c.connect();
    await c.query(`LISTEN ${channel}`);
    client = c;
  };
  await connect().catch(() => {}); // the database may be down now: polling covers it
  return async () => {
    stopped = true;
    await client?.end().catch(() => {});
  };
}
