import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // app/ reaches the server through its compiled package; tests run the source.
      "@devicekeeper/server": path.resolve(import.meta.dirname, "server"),
      // server/ modules start with `import "server-only"`, which throws outside Next's server build.
      "server-only": path.resolve(import.meta.dirname, "tests/empty-module.ts"),
    },
  },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "e2e/**", ".next/**", ".data/**"],
    globalSetup: ["tests/global-setup.ts"],
    setupFiles: ["tests/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest's default is one worker fewer than the cores: one on CI's two. Much of a file's time
    // is spent waiting (its fork starting, the database, timers), so two overlap well (~17 % less).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
  },
});
