// Compiles the server — server/, the lib/ and Prisma client code it uses, and the process entry
// points in scripts/ — into one package, node_modules/@devicekeeper/server, file for file: each
// TypeScript module becomes one JavaScript module with its imports pointing at its neighbours'.
// Next loads that package as an external (next.config.js), and `npm start` runs its entry point
// with plain `node`: so every module of the server is instantiated once per process, whether a
// page, a server action or the front door reached it. See docs/architecture.md.
//   node scripts/build-server.mjs [--watch]     (postinstall, npm run build and npm run dev run it)
import fs from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
export const OUT = path.join(root, "node_modules", "@devicekeeper", "server");

/** What is compiled: the server, what it uses, and the processes that run it. Tests are not. */
const SOURCES = ["server", "lib", "prisma/generated"];
const ENTRY_SCRIPTS = [
  "scripts/serve.ts",
  "scripts/migrate.ts",
  "scripts/seed.ts",
  "scripts/prune.ts",
  "scripts/reseal-secrets.ts",
  "scripts/oidc-rotate-keys.ts",
];

function sourceFiles() {
  const files = [...ENTRY_SCRIPTS.map((f) => path.join(root, f)), path.join(root, "scripts/lib/cli.ts")];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(entry.name) && !/\.(test|d)\.tsx?$/.test(entry.name)) files.push(p);
    }
  };
  for (const dir of SOURCES) if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  return files;
}

/** The compiled file of a source file: same place under OUT, `.js`. */
const outFileOf = (source) => path.join(OUT, path.relative(root, source)).replace(/\.tsx?$/, ".js");

function resolveLocal(spec, resolveDir) {
  const base = spec.startsWith("@/") ? path.join(root, spec.slice(2)) : path.resolve(resolveDir, spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")])
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  return null;
}

/**
 * Every import stays an import: of a project file, rewritten to its compiled neighbour's relative
 * path; of a package, left to Node — with `.js` on deep imports of packages without an `exports`
 * map (next/headers, next/navigation …), which Node's ES module loader needs. `server-only` goes:
 * the package is only ever loaded on the server, and the source keeps the guard for the bundler.
 */
const fileForFile = {
  name: "file-for-file",
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === "entry-point") return undefined;
      if (args.path === "server-only") return { path: "server-only", namespace: "gone" };
      if (args.path.startsWith("@/") || args.path.startsWith(".")) {
        const target = resolveLocal(args.path, args.resolveDir);
        if (!target) return { errors: [{ text: `Cannot resolve ${args.path} from ${args.importer}` }] };
        if (!/\.tsx?$/.test(target)) return { path: target }; // JSON and the like: inlined
        let rel = path.relative(path.dirname(outFileOf(args.importer)), outFileOf(target));
        if (!rel.startsWith(".")) rel = `./${rel}`;
        return { path: rel, external: true };
      }
      const deep = /^next\/[^.]+$/.test(args.path);
      return { path: deep ? `${args.path}.js` : args.path, external: true };
    });
    build.onLoad({ filter: /.*/, namespace: "gone" }, () => ({ contents: "", loader: "js" }));
  },
};

const options = () => ({
  entryPoints: sourceFiles(), // read afresh at every build: a new file is compiled too
  outdir: OUT,
  outbase: root,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  logLevel: "warning",
  plugins: [fileForFile],
});

function writePackage() {
  fs.mkdirSync(OUT, { recursive: true });
  const pkg = {
    name: "@devicekeeper/server",
    private: true,
    description: "Devicekeeper's server, compiled from server/ by scripts/build-server.mjs. Generated: do not edit.",
    type: "module",
    exports: {
      // TypeScript reads the source (through the `src` link); Node and Next load the compiled file.
      "./scripts/*": "./scripts/*.js",
      "./*": { types: "./src/server/*.ts", default: "./server/*.js" },
    },
  };
  fs.writeFileSync(path.join(OUT, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  const link = path.join(OUT, "src", "server");
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(path.relative(path.dirname(link), path.join(root, "server")), link, "dir");
}

/** Compiles the server once; answers how long it took. */
export async function buildServer() {
  const started = Date.now();
  fs.rmSync(OUT, { recursive: true, force: true });
  writePackage();
  await esbuild.build(options());
  return Date.now() - started;
}

/**
 * Compiles the server, then again whenever a file under its sources changes (a new file too);
 * `onBuilt` hears whether each build succeeded. Answers a function that stops watching.
 */
export async function watchServer(onBuilt) {
  let timer = null;
  let building = Promise.resolve();
  const rebuild = () => {
    building = building.then(async () => {
      let ok = true;
      try {
        await esbuild.build(options());
      } catch {
        ok = false; // esbuild has printed why
      }
      await onBuilt(ok);
    });
  };
  fs.rmSync(OUT, { recursive: true, force: true });
  writePackage();
  const watchers = [...SOURCES, "scripts"]
    .filter((dir) => fs.existsSync(path.join(root, dir)))
    .map((dir) =>
      fs.watch(path.join(root, dir), { recursive: true }, (_event, file) => {
        if (!file || !/\.tsx?$/.test(file)) return;
        clearTimeout(timer);
        timer = setTimeout(rebuild, 100);
      }),
    );
  rebuild();
  await building;
  return () => watchers.forEach((w) => w.close());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ms = await buildServer();
  console.log(`✔ Server compiled into node_modules/@devicekeeper/server in ${ms} ms`);
}
