// bench/page-weight: first-load JavaScript per page — the gzip sizes of the scripts each page's HTML
// references, summed — for every page of the dashboard and the admin console and the public pages,
// against the production build. The figure beside each target is what a browser that runs modules
// loads: every <script src> but the `noModule` ones (Next's core-js polyfills, which such a browser
// skips; the sum with them is printed too). Targets (#25): /sign-in ≤ 138 KB, /devices ≤ 150 KB,
// every other page ≤ 160 KB; no zod in any script a page loads (checked in every script, by the
// `$Zod…` names zod gives its classes, which minifying keeps); react-query only on the pages that
// use it (the devices pages). A page of app/(dashboard) or app/admin missing from PAGES stops the
// bench, so a new page is weighed from its first day.
// Run: npm run build && npm run bench:page-weight   (VERBOSE=1: every script of every page)
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { createBenchUser, BENCH_PASSWORD, DEMO_ALICE, signIn, withBenchServer } from "./lib";

const DEFAULT_TARGET = 160;
const TARGETS: Record<string, number> = { "/sign-in": 138, "/devices": 150 };

/** What a page's scripts can be told to carry by a string minifying keeps. */
const LIBRARIES: Record<string, RegExp> = {
  zod: /"\$Zod[A-Z][A-Za-z]*"/,
  "react-query": /No QueryClient set/,
  "next-auth/react": /\[next-auth\]\[error\]/,
};
/** Pages that use react-query (useQuery, useMutation): the only ones that may load it. */
const USES_QUERY = new Set(["/devices", "/devices/[deviceId]"]);

type Ids = { device: string; user: string; userDevice: string; app: string; endpoint: string };
/** Every page: its route (as app/ names it), the URL weighed, and whether it needs the admin's cookie. */
const PAGES: { route: string; url: (ids: Ids) => string; signedIn: boolean }[] = [
  { route: "/sign-in", url: () => "/sign-in", signedIn: false },
  { route: "/forgot-password", url: () => "/forgot-password", signedIn: false },
  { route: "/reset-password", url: () => "/reset-password", signedIn: false },
  { route: "/email/device", url: () => "/email/device", signedIn: false },
  { route: "/authorize", url: () => "/authorize?interaction=expired", signedIn: false },
  { route: "/devices", url: () => "/devices", signedIn: true },
  { route: "/devices/[deviceId]", url: (i) => `/devices/${i.device}`, signedIn: true },
  { route: "/security", url: () => "/security", signedIn: true },
  { route: "/security/checkup", url: () => "/security/checkup", signedIn: true },
  { route: "/activity", url: () => "/activity", signedIn: true },
  { route: "/apps", url: () => "/apps", signedIn: true },
  { route: "/settings/tokens", url: () => "/settings/tokens", signedIn: true },
  { route: "/docs/api", url: () => "/docs/api", signedIn: true },
  { route: "/admin", url: () => "/admin", signedIn: true },
  { route: "/admin/users", url: () => "/admin/users", signedIn: true },
  { route: "/admin/users/[userId]", url: (i) => `/admin/users/${i.user}`, signedIn: true },
  { route: "/admin/users/[userId]/devices/[deviceId]", url: (i) => `/admin/users/${i.user}/devices/${i.userDevice}`, signedIn: true },
  { route: "/admin/activity", url: () => "/admin/activity", signedIn: true },
  { route: "/admin/api-keys", url: () => "/admin/api-keys", signedIn: true },
  { route: "/admin/apps", url: () => "/admin/apps", signedIn: true },
  { route: "/admin/apps/[appId]", url: (i) => `/admin/apps/${i.app}`, signedIn: true },
  { route: "/admin/webhooks", url: () => "/admin/webhooks", signedIn: true },
  { route: "/admin/webhooks/[endpointId]", url: (i) => `/admin/webhooks/${i.endpoint}`, signedIn: true },
];

/** The routes of every page.tsx under app/(dashboard) and app/admin: each must be in PAGES. */
function dashboardRoutes(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "page.tsx")
        found.push(
          `/${path
            .relative("app", dir)
            .split(path.sep)
            .filter((s) => !/^\(.*\)$/.test(s))
            .join("/")}`,
        );
    }
  };
  walk("app/(dashboard)");
  walk("app/admin");
  return found.sort();
}

const scripts = new Map<string, Promise<{ gz: number; libraries: string[] }>>();
/** One script's gzip size and the libraries found in it, fetched once however many pages load it. */
function script(url: string) {
  if (!scripts.has(url))
    scripts.set(
      url,
      fetch(url).then(async (res) => {
        const body = Buffer.from(await res.arrayBuffer());
        const text = body.toString("utf8");
        return {
          gz: zlib.gzipSync(body, { level: 9 }).length,
          libraries: Object.entries(LIBRARIES)
            .filter(([, marker]) => marker.test(text))
            .map(([name]) => name),
        };
      }),
    );
  return scripts.get(url)!;
}

async function weigh(base: string, url: string, cookie?: string) {
  const res = await fetch(`${base}${url}`, { headers: cookie ? { cookie } : {} });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  const html = await res.text();
  const tags = [
    ...new Map([...html.matchAll(/<script([^>]+)src="([^"]+)"([^>]*)>/g)].map((m) => [m[2]!, /nomodule/i.test(m[1]! + m[3]!)])),
  ];
  let total = 0;
  let modern = 0;
  const libraries = new Map<string, string[]>();
  const sizes: [string, number][] = [];
  for (const [src, noModule] of tags) {
    const s = await script(new URL(src, base).toString());
    const name = src.split("/").at(-1)!;
    sizes.push([`${name}${noModule ? " (noModule)" : ""}`, s.gz]);
    total += s.gz;
    if (noModule) continue;
    modern += s.gz;
    for (const lib of s.libraries) libraries.set(lib, [...(libraries.get(lib) ?? []), name]);
  }
  return { total, modern, libraries, scripts: sizes.sort((a, b) => b[1] - a[1]) };
}

const missing = dashboardRoutes().filter((r) => !PAGES.some((p) => p.route === r));
if (missing.length) {
  console.error(`Pages not weighed by this bench: ${missing.join(", ")}. Add them to PAGES.`);
  process.exit(1);
}
if (!fs.existsSync(".next/BUILD_ID")) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}
await withBenchServer("pglite", async ({ base, db }) => {
  const admin = await createBenchUser(db, { role: "ADMIN" });
  const cookie = await signIn(base, admin.email, BENCH_PASSWORD);
  const one = async (sql: string, params: unknown[] = []) => ((await db.query(sql, params)).rows[0] as { id: string }).id;
  const endpoint = await one(
    `INSERT INTO "WebhookEndpoint" (id, url, events, enabled, "secretEnc", "updatedAt") VALUES (gen_random_uuid(), 'https://hooks.example.com/bench', '{*}', false, 'v1.unused', now()) RETURNING id`,
  );
  const ids: Ids = {
    device: await one(`SELECT id FROM "Device" WHERE "userId" = $1 LIMIT 1`, [admin.id]),
    user: DEMO_ALICE,
    userDevice: await one(`SELECT id FROM "Device" WHERE "userId" = $1 ORDER BY "createdAt" LIMIT 1`, [DEMO_ALICE]),
    app: await one(`SELECT id FROM "OidcClient" ORDER BY "createdAt" LIMIT 1`),
    endpoint,
  };
  console.log("First-load JavaScript: gzip -9 of every <script src> a module browser loads (with the noModule polyfills in brackets)");
  const unexpected: string[] = [];
  for (const page of PAGES) {
    const w = await weigh(base, page.url(ids), page.signedIn ? cookie : undefined);
    const target = TARGETS[page.route] ?? DEFAULT_TARGET;
    const kb = (n: number) => (n / 1024).toFixed(1);
    const libs = [...w.libraries.keys()];
    console.log(
      `  ${page.route.padEnd(40)} ${kb(w.modern).padStart(6)} KB (${kb(w.total).padStart(5)}) in ${String(w.scripts.length).padStart(2)} scripts` +
        `   target ≤ ${target} KB ${w.modern <= target * 1024 ? "✔ met" : "✖ missed"}   ${libs.length ? `loads ${libs.join(", ")}` : ""}`,
    );
    if (w.libraries.has("zod")) unexpected.push(`${page.route}: zod in ${w.libraries.get("zod")!.join(", ")}`);
    if (w.libraries.has("react-query") && !USES_QUERY.has(page.route)) unexpected.push(`${page.route}: react-query, which it does not use`);
    if (process.env.VERBOSE) for (const [name, size] of w.scripts) console.log(`      ${kb(size).padStart(6)} KB  ${name}`);
  }
  const scriptCount = scripts.size;
  console.log(
    unexpected.length
      ? `Loaded where it should not be:\n${unexpected.map((u) => `  ${u}`).join("\n")}`
      : `zod: in none of the ${scriptCount} scripts these pages load (target: none) ✔; react-query only on ${[...USES_QUERY].join(" and ")} ✔`,
  );
});
process.exit(0);
