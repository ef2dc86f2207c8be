// Playwright's `test` for the REST API suites: its `request` checks every answer it receives against
// the app's OpenAPI document — a status the document does not list for that route fails the test.
import { test as base, expect, type APIResponse } from "@playwright/test";
import { OpenApiValidator, type Doc } from "./api";

/** What the router answers for any path before routing: bad percent-encoding, a method no route serves, too long (server/api/router.ts). */
const BEFORE_ROUTING = [400, 405, 414];

const decoded = (segment: string) => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/** The document's path for a request path, as the router matches it (Ping's /am/json/realms/… alias too), or null. */
function documentedPath(doc: Doc, path: string): string | null {
  let segments = path.split("/").slice(1).map(decoded);
  const ping = segments[0] === "am";
  if (ping) {
    let i = 2;
    while (segments[1] === "json" && segments[i] === "realms" && segments[i + 1]) i += 2;
    if (i === 2) return null;
    segments = ["api", "v1", ...segments.slice(i)];
  }
  if (segments[0] !== "api" || segments[1] !== "v1") return null;
  const rest = segments.slice(2);
  const found = Object.keys(doc.paths).find((p) => {
    const template = p.split("/").slice(1);
    return template.length === rest.length && template.every((t, i) => t.startsWith("{") || t === rest[i]);
  });
  const isPing = (p: string) => Object.values(doc.paths[p]!).some((op) => op.tags?.some((t) => t.startsWith("Ping")));
  return found && (!ping || isPing(found)) ? found : null;
}

/**
 * Why this answer is not one the document lists for the route the request reached, or null. Outside
 * /api/v1 and /am (the dashboard's own routes) and for the document itself, nothing is checked.
 */
export function undocumented(doc: Doc, method: string, url: string, status: number): string | null {
  const path = new URL(url).pathname;
  if ((!path.startsWith("/api/v1/") && !path.startsWith("/am/")) || path === "/api/v1/openapi.json") return null;
  const what = `${method} ${path.slice(0, 160)} → ${status}`;
  const allowed = (statuses: number[], why: string) => (statuses.includes(status) ? null : `${what}: ${why}`);
  if (path.endsWith("/")) return allowed([308, ...BEFORE_ROUTING], "a trailing slash is a 308 to the path without it");
  const documented = documentedPath(doc, path);
  if (!documented) return allowed([404, ...BEFORE_ROUTING], "no documented route has this path: 404");
  if (method === "OPTIONS") return allowed([204, ...BEFORE_ROUTING], "OPTIONS is a 204 with Allow");
  const operations = doc.paths[documented]!;
  const op = operations[method === "HEAD" ? "get" : method.toLowerCase()];
  // A method the path does not serve: 405, or what the router answers before routing — if the path's operations document it.
  const generic = [405, ...BEFORE_ROUTING].filter((s) => Object.values(operations).every((o) => o.responses[String(s)]));
  if (!op) return allowed(generic, "a method this path does not document: 405");
  return op.responses[String(status)] ? null : `${what}: not listed for ${method} ${documented}`;
}

let shared: Promise<OpenApiValidator> | null = null;
const SENDS = new Set(["get", "post", "put", "patch", "delete", "head", "fetch"]);

export const test = base.extend({
  request: async ({ request }, provide) => {
    const { doc } = await (shared ??= OpenApiValidator.load(request));
    const problems: string[] = [];
    const checked = new Proxy(request, {
      get(target, prop) {
        const value = Reflect.get(target, prop) as unknown;
        if (typeof value !== "function") return value;
        if (!SENDS.has(String(prop))) return value.bind(target);
        return async (...args: [string, { method?: string }?]) => {
          const res = (await value.apply(target, args)) as APIResponse;
          const method = (prop === "fetch" ? (args[1]?.method ?? "GET") : String(prop)).toUpperCase();
          const problem = undocumented(doc, method, res.url(), res.status());
          if (problem) problems.push(problem);
          return res;
        };
      },
    });
    await provide(checked);
    expect(problems, "answers the OpenAPI document does not list for their route").toEqual([]);
  },
});
