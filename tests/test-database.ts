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
