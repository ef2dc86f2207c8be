// Adds up the JSON reports of Vitest and Playwright written by scripts/test-all.sh and prints one
// plain closing line, "N passed, N failed, N skipped", for readers that know neither runner, after
// each report's slowest files (time spent in the file's tests, summed over workers).
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2] ?? ".test-reports";
const SLOWEST = 8;
let passed = 0,
  failed = 0,
  skipped = 0;
/** Seconds spent in each Playwright spec file: its tests' durations, nested describes included. */
function playwrightSeconds(suites, into = new Map(), file) {
  for (const suite of suites ?? []) {
    const name = file ?? suite.file ?? suite.title;
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests ?? [])
        for (const result of test.results ?? []) into.set(name, (into.get(name) ?? 0) + result.duration / 1000);
    playwrightSeconds(suite.suites, into, name);
  }
  return into;
}
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
  const r = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
  let seconds;
  if (file.startsWith("vitest")) {
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    seconds = new Map(r.testResults.map((t) => [path.relative(process.cwd(), t.name), (t.endTime - t.startTime) / 1000]));
  } else if (r.stats) {
    passed += r.stats.expected + r.stats.flaky;
    failed += r.stats.unexpected;
    skipped += r.stats.skipped;
    seconds = playwrightSeconds(r.suites);
  }
  if (seconds?.size) {
    const total = [...seconds.values()].reduce((a, b) => a + b, 0);
    console.log(`\nSlowest files of ${file} (${Math.round(total)} s in all):`);
    for (const [name, s] of [...seconds].sort((a, b) => b[1] - a[1]).slice(0, SLOWEST))
      console.log(`${s.toFixed(1).padStart(7)} s  ${name}`);
  }
}
console.log(
  `\nAll suites (${fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .join(", ")}):`,
);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
