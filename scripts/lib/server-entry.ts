// The server process as `npm start` runs it: the compiled entry point (scripts/build-server.mjs), under plain node.
import path from "node:path";

export const SERVER_ENTRY = path.join("node_modules", "@devicekeeper", "server", "scripts", "serve.js");

/**
 * `node` and its arguments to run the server, e.g. spawn(process.execPath, serverArgs(["-p", "3000"])).
 * SERVER_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (docs/performance.md).
 */
export const serverArgs = (args: string[]) => [
  "--enable-source-maps",
  ...(process.env.SERVER_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.SERVER_CPU_PROF}`] : []),
  SERVER_ENTRY,
  ...args,
];
