/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WASM and data files from its own package directory: bundling it breaks
  // that ("Received an instance of URL") and would copy the files into public static media.
  serverExternalPackages: [
    // The server, compiled by scripts/build-server.mjs: loaded by Node, not bundled, so a page, a
    // server action and the front door share one instance of every module (docs/architecture.md).
    "@devicekeeper/server",
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "pglite-prisma-adapter",
    "@prisma/adapter-pg",
    "pg",
    "pino",
    "prom-client",
  ],
  poweredByHeader: false,
  // The addresses people type from habit lead to the sign-in page (the query, e.g. ?next=, kept).
  async redirects() {
    return ["/login", "/signin", "/log-in"].map((source) => ({ source, destination: "/sign-in", permanent: false }));
  },
  // Security headers are set by the front door (server/http/front-door.ts) on every answer, pages and API alike.
};

export default nextConfig;
