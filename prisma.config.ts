// Prisma CLI configuration. Everything runs on WASM (no native engine downloads): the CLI talks to
// the database through the same driver adapter the app uses (server/db/adapter.ts, compiled).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    const { createAdapterFactory } = await import("@devicekeeper/server/db/adapter");
    return createAdapterFactory();
  },
});
