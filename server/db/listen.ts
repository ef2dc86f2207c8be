import "server-only";
import { databaseMode, openPglite, type Env } from "@/server/db/adapter";

/** What to call on a NOTIFY, by channel. */
export type Listeners = Record<string, () => void>;

/**
 * Calls `listeners[channel]` on each NOTIFY of that channel (pg_notify in a trigger, any instance):
 * on PostgreSQL over one connection of its own for every channel (each listening connection is
 * signalled by every NOTIFY of the database, whatever its channel, on the notifying commit's path),
 * on the embedded database through PGlite's listener. Answers a function that stops listening. A
 * lost connection is re-opened.
 */
export async function listen(listeners: Listeners, env: Env = process.env): Promise<() => Promise<void>> {
  const channels = Object.keys(listeners);
  if (databaseMode(env) === "pglite") {
    const { db } = await openPglite(env);
    const unlisten = await Promise.all(channels.map((channel) => db.listen(channel, listeners[channel]!)));
    return async () => void (await Promise.all(unlisten.map((u) => u())));
  }
  const { default: pg } = await import("pg");
  let client: import("pg").Client | null = null;
  let stopped = false;
  const connect = async (again: boolean) => {
    const c = new pg.Client({ connectionString: env.DATABASE_URL });
    c.on("notification", (n) => Object.hasOwn(listeners, n.channel) && listeners[n.channel]!());
    // The worker also polls: a dropped connection costs latency, not logouts. Try again shortly.
    c.on("error", () => void c.end().catch(() => {}));
    c.on("end", () => {
      if (!stopped) setTimeout(() => void connect(true).catch(() => {}), 5_000).unref();
    });
    await c.connect();
    try {
      await c.query(channels.map((channel) => `LISTEN ${channel};`).join(" "));
    } catch (e) {
      await c.end(); // and so try again (its "end")
      throw e;
    }
    client = c;
    // What was notified while no connection listened: each listener once, as if it had been.
    if (again) for (const channel of channels) listeners[channel]!();
  };
  await connect(false).catch(() => {}); // the database may be down now: polling covers it
  return async () => {
    stopped = true;
    await client?.end().catch(() => {});
  };
}
