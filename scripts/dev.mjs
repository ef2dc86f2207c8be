// `npm run dev`: compiles the server (scripts/build-server.mjs) and runs it in development mode
// (Next's hot reload for pages and components); when a file of the server changes, compiles it
// again and restarts the process, as the new code can only be loaded by a new process.
//   npm run dev -- [-p PORT] [-H HOST]
import { spawn } from "node:child_process";
import path from "node:path";
import { OUT, watchServer } from "./build-server.mjs";

const entry = path.join(OUT, "scripts", "serve.js");
const args = ["--enable-source-maps", entry, "--dev", ...process.argv.slice(2)];
let child = null;
let stopping = false;

function start() {
  child = spawn(process.execPath, args, { stdio: "inherit" });
  const me = child;
  me.on("exit", (code) => {
    if (me !== child) return; // replaced by a restart
    child = null;
    if (stopping) process.exit(code ?? 0);
    console.error(`✖ The server stopped (exit code ${code}). Fix the cause; it starts again when a server file changes (Ctrl-C to quit).`);
  });
}

/** Stops the running server (gracefully: it closes the embedded database), resolving once it has exited. */
function stopChild() {
  const running = child;
  if (!running || running.exitCode !== null) return Promise.resolve();
  child = null;
  return new Promise((resolve) => {
    running.once("exit", resolve);
    running.kill("SIGTERM");
  });
}

let first = true;
await watchServer(async (ok) => {
  if (!ok) return; // keep the running server; the compile error is on the screen
  if (first) {
    first = false;
    console.log("✔ Server compiled; starting");
  } else {
    console.log(child ? "↻ Server code changed: compiled, restarting" : "↻ Server code changed: compiled, starting");
    await stopChild();
  }
  start();
});

for (const signal of ["SIGINT", "SIGTERM"])
  process.on(signal, () => {
    stopping = true;
    void stopChild().then(() => process.exit(0));
  });
