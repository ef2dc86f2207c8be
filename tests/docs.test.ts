// README.md and docs/**/*.md cannot drift from what they describe: every relative link resolves (file
// and heading), the environment table matches the variables the code reads, every npm script they
// name exists, and every benchmark figure says when, where and how it was measured
// (docs/testing.md, "Docs that cannot drift").
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const rel = (file: string) => path.relative(root, file);
const scripts = new Set(Object.keys(JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).scripts));

/** Variables the code reads that are not ours to document, each with why. */
const NOT_OURS: Record<string, string> = {
  NODE_ENV: "set by `npm start` and `npm run dev` themselves (scripts/serve.ts); deploying.md says so above the table",
  NEXT_RUNTIME: "set by Next for each runtime it loads instrumentation.ts in",
  NEXT_TELEMETRY_DISABLED: "Next's own switch; scripts/serve.ts only defaults it to 1",
  VITEST: "set by Vitest while tests run",
  CI: "set by CI services; read only by test tooling",
};
const NOT_OURS_PREFIXES: Record<string, string> = {
  E2E_: "the e2e harness's own: playwright.config.ts sets them for scripts/e2e-server.ts",
};
/**
 * Directories whose code is not the product's: tests, benchmarks, dependencies, build output, and
 * examples/ (apps of their own; their variables are documented with them, in docs/oidc.md).
 */
const SKIP_DIRS = new Set([
  "node_modules",
  "tests",
  "e2e",
  "bench",
  "examples",
  "test-results",
  "playwright-report",
  "blob-report",
  "generated",
]);
/** Test tools' configuration files belong with tests/ and e2e/. */
const SKIP_FILES = /(\.test|\.spec)\.[cm]?[jt]sx?$|^(playwright|vitest)\.config\./;
/** npm's own commands (`npm ci`, `npm install` …); `npm test`, `npm start` … run package.json scripts. */
const NPM_COMMAND =
  /^(run|run-script|ci|install|i|exec|view|ls|uninstall|update|outdated|audit|pack|version|help|config|cache|link|rebuild|why|fund)$/;
const LIFECYCLE = new Set(["test", "start", "stop", "restart"]);

function walk(dir: string, keep: (file: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith(".") || SKIP_DIRS.has(entry.name) ? [] : walk(full, keep);
    return entry.isFile() && keep(full) ? [full] : [];
  });
}

const docFiles = [path.join(root, "README.md"), ...walk(path.join(root, "docs"), (f) => f.endsWith(".md"))];
const docs = new Map(docFiles.map((file) => [file, fs.readFileSync(file, "utf8")]));

/** The text outside fenced code blocks (each code line left blank, so paragraphs end there), and the blocks. */
function splitFences(md: string): { prose: string; blocks: string[] } {
  const prose: string[] = [];
  const blocks: string[] = [];
  let fence: string | null = null;
  for (const line of md.split("\n")) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === null && marker) {
      fence = marker;
      blocks.push("");
    } else if (fence !== null && marker && marker[0] === fence[0] && marker.length >= fence.length && !line.trim().slice(marker.length)) {
      fence = null;
    } else if (fence !== null) {
      blocks[blocks.length - 1] += line + "\n";
    } else {
      prose.push(line);
      continue;
    }
    prose.push("");
  }
  return { prose: prose.join("\n"), blocks };
}
const CODE_SPAN = /(`+)([\s\S]*?[^`])\1(?!`)/g;
const codeSpans = (prose: string) => [...prose.matchAll(CODE_SPAN)].map((m) => m[2] ?? "");
const withoutCode = (prose: string) => prose.replace(/<!--[\s\S]*?-->/g, "").replace(CODE_SPAN, (m) => " ".repeat(m.length));

/** GitHub's heading anchor: lowercase, punctuation and symbols dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}
/** Every anchor of a Markdown file, a repeated heading's with -1, -2 … as GitHub numbers them. */
function anchors(md: string): Set<string> {
  const seen = new Set<string>();
  for (const line of splitFences(md).prose.split("\n")) {
    const text = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line)?.[1];
    if (text === undefined) continue;
    const base = slug(text.trim());
    let anchor = base;
    for (let n = 1; seen.has(anchor); n++) anchor = `${base}-${n}`;
    seen.add(anchor);
  }
  return seen;
}

function linkProblems(file: string, md: string, markdown: (target: string) => string | undefined): string[] {
  const text = withoutCode(splitFences(md).prose);
  const targets = [
    ...[...text.matchAll(/\]\(\s*<?([^\s)>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...text.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)/gm)].map((m) => m[1]),
    ...[...text.matchAll(/<(?:img|a|source)\b[^>]*?\s(?:src|href)\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]),
  ].filter((t): t is string => !!t && !/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(t));
  return targets.flatMap((target) => {
    const [pathPart = "", anchor] = target.split("#", 2);
    const filePart = decodeURIComponent(pathPart.split("?")[0] ?? "");
    const resolved = !filePart ? file : path.resolve(filePart.startsWith("/") ? root : path.dirname(file), filePart.replace(/^\//, ""));
    const where = `${rel(file)}: ${target}`;
    if (filePart && (rel(resolved).startsWith("..") || !fs.existsSync(resolved))) return [`${where} — no such file`];
    if (anchor === undefined) return [];
    const content = filePart ? markdown(resolved) : md;
    if (content === undefined) return [`${where} — an anchor into a file that is not Markdown`];
    return anchors(content).has(anchor) ? [] : [`${where} — no heading #${anchor} in ${rel(resolved)}`];
  });
}

const readMarkdown = (file: string) => docs.get(file) ?? (file.endsWith(".md") ? fs.readFileSync(file, "utf8") : undefined);

/** Names read as `process.env.X`, `env.X` or `env["X"]`. */
function readVariables(code: string): string[] {
  return [...code.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]*)\b|\[\s*(["'`])([A-Z][A-Z0-9_]*)\2\s*\])/g)].flatMap((m) => m[1] ?? m[3] ?? []);
}
const notOurs = (name: string) => name in NOT_OURS || Object.keys(NOT_OURS_PREFIXES).some((prefix) => name.startsWith(prefix));

/** The rows of the one table in docs/ whose first column is "variable": file and names (`A` (or `B`) → A, B). */
function environmentTables(): { file: string; names: string[] }[] {
  return [...docs].flatMap(([file, md]) => {
    const tables: { file: string; names: string[] }[] = [];
    let rows: string[] | null = null;
    for (const line of splitFences(md).prose.split("\n")) {
      const first = /^\|([^|]*)\|/.exec(line)?.[1]?.trim();
      if (first === undefined) rows = null;
      else if (rows === null && first.toLowerCase() === "variable") tables.push({ file, names: (rows = []) });
      else rows?.push(...codeSpans(first).filter((name) => /^[A-Z][A-Z0-9_]*$/.test(name)));
    }
    return tables;
  });
}

function envProblems(read: Set<string>, documented: Set<string>): string[] {
  return [
    ...[...read]
      .filter((name) => !notOurs(name) && !documented.has(name))
      .map((name) => `${name} is read by the code but not in the environment table`),
    ...[...documented].filter((name) => !read.has(name)).map((name) => `${name} is in the environment table but no code reads it`),
  ].sort();
}

/** npm commands written in code spans and blocks that name a script package.json does not have. */
function scriptProblems(where: string, md: string, known: Set<string>): string[] {
  const { prose, blocks } = splitFences(md);
  const code = [...blocks, ...codeSpans(prose)].join("\n");
  return [...code.matchAll(/\bnpm\s+(run(?:-script)?\s+)?([a-z][\w:*-]*)/g)].flatMap(([command, run, name = ""]) => {
    if (run || LIFECYCLE.has(name)) {
      const pattern = new RegExp(`^${name.replace(/\*/g, ".*")}$`);
      return [...known].some((script) => pattern.test(script)) ? [] : [`${where}: \`${command}\` — no script "${name}" in package.json`];
    }
    return NPM_COMMAND.test(name) ? [] : [`${where}: \`${command}\` — not an npm command (npm run ${name}?)`];
  });
}

/** "Measured 2026-11-23 on the 2-core VM with `npm run bench:peers`": a real, past date and a script. */
function measuredProblems(where: string, line: string, known: Set<string>, today = new Date()): string[] {
  const m = /^Measured (\d{4})-(\d{2})-(\d{2}) on .+ with `npm run ([\w:-]+)[^`]*`/s.exec(line);
  if (!m)
    return [`${where}: does not open with "Measured YYYY-MM-DD on <machine> with \`npm run <script>\`" (found: ${line.slice(0, 80)})`];
  const [, y, mo, d, script = ""] = m;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const problems: string[] = [];
  if (date.toISOString().slice(0, 10) !== `${y}-${mo}-${d}` || date > today) problems.push(`${where}: ${y}-${mo}-${d} is not a past date`);
  if (!known.has(script)) problems.push(`${where}: no script "${script}" in package.json`);
  return problems;
}

const HEADING = /^(#{1,6})\s+(.*)$/;
/** Each paragraph, one line, with the heading it sits under and that heading's level. */
function paragraphs(md: string): { heading: string; level: number; text: string }[] {
  let heading = "";
  let level = 0;
  return splitFences(md)
    .prose.split(/\n\s*\n/)
    .flatMap((block) => {
      const lines = block.trim().split("\n");
      for (let h = HEADING.exec(lines[0] ?? ""); h; h = HEADING.exec(lines[0] ?? "")) {
        level = h[1]?.length ?? 0;
        heading = h[2] ?? "";
        lines.shift();
      }
      const text = lines.join(" ").replace(/\s+/g, " ").trim();
      return text ? [{ heading, level, text }] : [];
    });
}

describe("docs", () => {
  it("every relative link and image resolves, to a file and to a heading for #anchors", () => {
    expect([...docs].flatMap(([file, md]) => linkProblems(file, md, readMarkdown))).toEqual([]);
  });

  it("the environment table lists every variable the code reads, and only those", () => {
    const code = walk(root, (f) => /\.[cm]?[jt]sx?$/.test(f) && !SKIP_FILES.test(path.basename(f)));
    const read = new Set(code.flatMap((file) => readVariables(fs.readFileSync(file, "utf8"))));
    const tables = environmentTables();
    expect(
      tables.map((t) => rel(t.file)),
      "one environment table, in one place",
    ).toEqual(["docs/deploying.md"]);
    expect(envProblems(read, new Set(tables[0]?.names))).toEqual([]);
  });

  it("every npm script the docs name exists", () => {
    expect([...docs].flatMap(([file, md]) => scriptProblems(rel(file), md, scripts))).toEqual([]);
  });

  it("every section of performance.md, and every Measured line, carries its date, machine and command", () => {
    const perf = path.join(root, "docs/performance.md");
    const sections = new Map<string, string>();
    for (const { heading, level, text } of paragraphs(docs.get(perf) ?? ""))
      if (level >= 2 && !sections.has(heading)) sections.set(heading, text);
    expect(sections.size).toBeGreaterThan(0);
    const problems = [...sections].flatMap(([heading, first]) => measuredProblems(`docs/performance.md, "${heading}"`, first, scripts));
    for (const [file, md] of docs) {
      for (const { heading, text } of paragraphs(md)) {
        if (text.startsWith("Measured ")) problems.push(...measuredProblems(`${rel(file)}, "${heading}"`, text, scripts));
      }
    }
    expect([...new Set(problems)]).toEqual([]);
  });

  it("the README fits a newcomer's screen: both commands in its first 60 lines, at most 200 lines", () => {
    const lines = (docs.get(path.join(root, "README.md")) ?? "").split("\n");
    expect(lines.length).toBeLessThanOrEqual(200);
    const top = lines.slice(0, 60);
    expect(top).toContain("npm install && npm run dev");
    expect(top).toContain("npm test");
  });
});

describe("the docs checks catch what they look for", () => {
  it("slugs headings as GitHub does", () => {
    expect(slug("Rotating `AUTH_SECRET`")).toBe("rotating-auth_secret");
    expect(slug("The REST API's contract and fuzzing")).toBe("the-rest-apis-contract-and-fuzzing");
    expect(slug("Sign in with [Devicekeeper](x.md) — in 5 minutes!")).toBe("sign-in-with-devicekeeper--in-5-minutes");
    expect([...anchors("# Logs\n## Logs\n```\n# not a heading\n```\n## Logs")]).toEqual(["logs", "logs-1", "logs-2"]);
  });

  it("a missing file, a missing anchor", () => {
    const file = path.join(root, "docs/example.md");
    const md = "[a](tour.md#devices) [b](missing.md) [c](tour.md#nowhere) [d](#here) `[e](in-code.md)`\n\n## Here";
    expect(linkProblems(file, md, readMarkdown)).toEqual([
      "docs/example.md: missing.md — no such file",
      "docs/example.md: tour.md#nowhere — no heading #nowhere in docs/tour.md",
    ]);
  });

  it("a variable read but not documented, documented but not read", () => {
    const read = new Set(readVariables('process.env.PORT; env["NEW_KNOB"]; env.NODE_ENV; process.env.E2E_PORT'));
    expect(envProblems(read, new Set(["PORT", "OLD_KNOB"]))).toEqual([
      "NEW_KNOB is read by the code but not in the environment table",
      "OLD_KNOB is in the environment table but no code reads it",
    ]);
  });

  it("a script that does not exist, an npm command that is not one", () => {
    const md = "`npm run db:migrate`, `npm run db:*`, `npm test`, `npm ci`, npm package\n```\nnpm run bench:nothing\nnpm lint\n```";
    expect(scriptProblems("x.md", md, scripts)).toEqual([
      'x.md: `npm run bench:nothing` — no script "bench:nothing" in package.json',
      "x.md: `npm lint` — not an npm command (npm run lint?)",
    ]);
  });

  it("a figure without its date or command", () => {
    const today = new Date("2026-12-04");
    expect(measuredProblems("p", "Measured 2026-11-23 on the 2-core VM with `npm run bench:peers`.", scripts, today)).toEqual([]);
    expect(measuredProblems("p", "Measured 2027-01-01 on the VM with `npm run bench:gone`.", scripts, today)).toEqual([
      "p: 2027-01-01 is not a past date",
      'p: no script "bench:gone" in package.json',
    ]);
    expect(measuredProblems("p", "One run, this machine: 3,394 req/s.", scripts, today)[0]).toMatch(/does not open with "Measured/);
  });
});
