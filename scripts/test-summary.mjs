// Adds up the JSON reports of Vitest and Playwright written by scripts/test-all.sh and prints one
// plain closing line, "N passed, N failed, N skipped", for readers that know neither runner.
import fs from "node:fs";
import path from "node:path";

const dir = process.argv[2] ?? ".test-reports";
let passed = 0,
  failed = 0,
  skipped = 0;
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) {
  const r = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
  if (file.startsWith("vitest")) {
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  } else if (r.stats) {
    passed += r.stats.expected + r.stats.flaky;
    failed += r.stats.unexpected;
    skipped += r.stats.skipped;
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
