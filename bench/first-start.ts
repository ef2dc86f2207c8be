// bench/first-start: seconds from `npm start` on an empty embedded database to the first 200
// (migrations + demo data + next start). Target ≤ 10 s. Needs a build: npm run build first.
// Run: npm run bench:first-start   (RUNS=5 to change the number of runs)
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, stats, stop, waitFor200 } from "./lib";

const RUNS = Number(process.env.RUNS) || 3;
if (!fs.existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}
const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "dk-first-start-"));
  const port = freePort();
  const child = spawn("npm", ["start", "--", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      DATABASE_URL: "",
      AUTH_SECRET: "",
      NEXTAUTH_SECRET: "",
      PGLITE_DATA_DIR: path.join(dataDir, "pglite"),
      DEVICEKEEPER_DATA_DIR: dataDir,
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  let prepLine = "";
  child.stdout!.on("data", (b: Buffer) => {
    const line = b
      .toString()
      .split("\n")
      .find((l) => l.includes("ready in"));
    if (line) prepLine = line.trim();
  });
  const elapsed = await waitFor200(`http://127.0.0.1:${port}/sign-in`);
  times.push(elapsed);
  console.log(`run ${i + 1}: first 200 after ${(elapsed / 1000).toFixed(2)} s   (${prepLine})`);
  await stop(child);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
const s = stats(times);
console.log(
  `\nnpm start on an empty embedded database → first 200: median ${(s.p50 / 1000).toFixed(2)} s, mean ${(s.mean / 1000).toFixed(2)} s over ${RUNS} runs (target ≤ 10 s)`,
);
process.exit(0);
