import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".data/**", "prisma/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // app/ reaches the server through its compiled package (@devicekeeper/server: loaded once per
    // process, not bundled by Next; see docs/architecture.md), never through its source.
    files: ["app/**/*.{ts,tsx}", "instrumentation.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "^(@/|(\\.\\.?/)+)server/", message: "Import the server from @devicekeeper/server/… (one instance per process)." },
          ],
        },
      ],
    },
  },
  {
    // UI code must not reach the database or the server domain directly.
    files: ["components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["@/server/*", "@devicekeeper/server/*", "@/prisma/*", "**/server/*", "**/prisma/generated/*"] },
      ],
    },
  },
]);
