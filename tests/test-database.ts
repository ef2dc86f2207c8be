// Test databases live on a local server only: the setup creates and drops databases beside the one
// DATABASE_URL names, which must never happen on a shared or production server.
export function localAdminUrl(url: string): { base: URL; admin: string } {
  const base = new URL(url);
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(base.hostname)) {
    throw new Error(`Refusing to run tests against a non-local database (${base.hostname}).`);
  }
  const admin = new URL(base);
  admin.pathname = "/postgres";
  return { base, admin: admin.toString() };
}

/** Runs one statement on the server's maintenance database (CREATE / DROP DATABASE). */
export async function onServer(admin: string, sql: string) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
