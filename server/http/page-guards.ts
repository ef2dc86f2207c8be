import "server-only";
import http from "node:http";
import { COMMON_SECURITY_HEADERS } from "@/server/http/security-headers";
import type { Unavailable } from "@/server/errors";
import { plainPage } from "@/server/http/plain-page";
import { safeNextPath } from "@/lib/next-path";
import { EARLY_POST_COOKIE } from "@/lib/early-post";

// What the front door does around Next for pages and server actions, so that neither a database
// outage nor a malformed or cross-site action call is answered with a 500. Part of the transport:
// it imports no domain module (whether the database is out, and so how long to ask the browser to
// wait, is asked of a function it is handed).

/** Server actions' argument lists, like Next's own limit (serverActions.bodySizeLimit, 1 MB). */
const ACTION_BODY_LIMIT = 1024 * 1024;

/**
 * The host a browser's Origin must name for a server action, as Next compares it: the forwarded
 * host when one is given, else Host.
 */
function actionHost(req: http.IncomingMessage): string | undefined {
  const forwarded = req.headers["x-forwarded-host"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded?.split(",")[0])?.trim();
  return first || req.headers.host;
}

/** A cross-origin call of a server action (CSRF): its Origin names another site (or is "null"). */
function isCrossOriginAction(req: http.IncomingMessage, type: string): boolean {
  if (req.method !== "POST" || !(req.headers["next-action"] || type.startsWith("multipart/form-data"))) return false;
  const origin = req.headers.origin;
  if (typeof origin !== "string") return false; // no Origin: not a browser's cross-site request (Next lets it through too)
  try {
    return origin === "null" || new URL(origin).host !== actionHost(req);
  } catch {
    return true;
  }
}

/**
 * Server actions, before Next sees them:
 * - a cross-origin call (Origin naming another site) is refused with a 403 and one warning line —
 *   Next would refuse it too, but as a 500 with three error lines;
 * - a call from a script (`Next-Action` header, not a form post) carries its arguments as a JSON
 *   array. Next answers anything else — an empty body, `null`, broken JSON — with a 500 from deep
 *   inside React's reply decoder. Check it here: a bad body gets a 400 (a too large one 413), a
 *   good one goes on to Next in a fresh request object holding the bytes read.
 */
export async function checkActionCall(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  warn: (detail: object, message: string) => void,
): Promise<http.IncomingMessage | null> {
  const type = String(req.headers["content-type"] ?? "").toLowerCase();
  if (isCrossOriginAction(req, type)) {
    warn(
      { reqId: req.headers["x-request-id"], origin: String(req.headers.origin).slice(0, 100), host: actionHost(req)?.slice(0, 100) },
      "refused a cross-origin server action call",
    );
    plainAnswer(res, 403, "Cross-origin server action calls are refused.");
    req.resume();
    return null;
  }
  if (req.method !== "POST" || !req.headers["next-action"] || type.startsWith("multipart/form-data")) return req;
  const body = await readBody(req, res, ACTION_BODY_LIMIT);
  if (!body) return null;
  if (!isJsonArray(body.toString("utf8"))) {
    plainAnswer(res, 400, "Malformed server action call: the body must be a JSON array of arguments.");
    return null;
  }
  return replay(req, body);
}

/** The sign-in form's fields are an email and a password: a few hundred bytes. */
const SIGN_IN_FORM_LIMIT = 8 * 1024;

/**
 * A browser's own post of a page's form (urlencoded, no Next-Action, not to /api/): decided from the
 * request line and headers, no parsing. Our forms are taken over by their page's script and posted
 * by it; a native post means the click came before the script had (a slow network, a password
 * manager pressing Enter at once). A server action posted without script is multipart: not this.
 */
export function isEarlyFormPost(req: http.IncomingMessage): boolean {
  if (req.method !== "POST" || req.headers["next-action"]) return false;
  if (
    !String(req.headers["content-type"] ?? "")
      .toLowerCase()
      .startsWith("application/x-www-form-urlencoded")
  )
    return false;
  return !(req.url ?? "/").startsWith("/api/");
}

/** Any form of ours: a few fields (a name, a list of addresses): well under this. */
const FORM_LIMIT = 64 * 1024;

/**
 * A form submitted before its page's script had taken it over: the browser posts it to the page
 * itself (method="post", so nothing typed is in a URL), and Next would answer with the page again —
 * or an error — with no word of why. Answered here instead, with a 303 back to the page as it was
 * (a GET), the body read and dropped: it goes nowhere, not even a log. The sign-in form comes back
 * with the email filled in and `again=1`, for the page to say to enter the password again.
 * Only for a request isEarlyFormPost picked out.
 */
export async function answerEarlyFormPost(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://x");
  const signIn = url.pathname === "/sign-in";
  const body = await readBody(req, res, signIn ? SIGN_IN_FORM_LIMIT : FORM_LIMIT);
  if (!body) return;
  let location = `${url.pathname}${url.search}`;
  if (signIn) {
    const email = new URLSearchParams(body.toString("utf8")).get("email")?.trim() ?? "";
    const back = new URLSearchParams();
    // Only a path of this site, as the page itself would accept it (lib/next-path.ts).
    const next = url.searchParams.get("next");
    if (next && safeNextPath(next) === next) back.set("next", next);
    if (email && email.length <= 254) back.set("email", email);
    back.set("again", "1");
    location = `/sign-in?${back}`;
  } else if (!location.startsWith("/") || location.startsWith("//")) location = "/"; // the URL parser keeps it a path; never another site
  const headers: http.OutgoingHttpHeaders = { Location: location, "Cache-Control": "no-store", "Content-Length": "0" };
  // For the page to say why (sign-in says it through `again=1`): only on a plain path of ours.
  if (!signIn && /^\/[\w\-./]*$/.test(url.pathname))
    headers["Set-Cookie"] = `${EARLY_POST_COOKIE}=1; Path=${url.pathname}; Max-Age=60; SameSite=Lax`;
  res.writeHead(303, headers);
  res.end();
}

/** The request's body, or null once it has answered 413 for a body over `limit` bytes. */
async function readBody(req: http.IncomingMessage, res: http.ServerResponse, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      plainAnswer(res, 413, "The request is too large.");
      req.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

/** The same request (headers, method, URL, socket) with its body to be read again. */
function replay(req: http.IncomingMessage, body: Buffer): http.IncomingMessage {
  const again = new http.IncomingMessage(req.socket);
  Object.assign(again, {
    method: req.method,
    url: req.url,
    headers: req.headers,
    rawHeaders: req.rawHeaders,
    httpVersion: req.httpVersion,
    httpVersionMajor: req.httpVersionMajor,
    httpVersionMinor: req.httpVersionMinor,
    trailers: {},
    rawTrailers: [],
    complete: true,
  });
  delete again.headers["content-length"];
  again.headers["content-length"] = String(body.length);
  again.push(body);
  again.push(null);
  return again;
}

/** A short plain-text answer (the front door's own refusals). */
export function plainAnswer(res: http.ServerResponse, status: number, message: string) {
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(message),
  });
  res.end(message);
}

/** A plain page (server/http/plain-page.ts) as the whole answer, with its own content policy. */
export function plainPageAnswer(res: http.ServerResponse, status: number, page: { html: string; csp: string }) {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": page.csp,
    "content-length": Buffer.byteLength(page.html),
  });
  res.end(page.html);
}

/** The "temporarily unavailable" page: no script, its one stylesheet allowed by its own policy. */
export const UNAVAILABLE_PAGE = plainPage({
  title: "Temporarily unavailable",
  body: `<p>503</p><h1>Devicekeeper is temporarily unavailable</h1>
<p>It cannot reach its database right now. Nothing you did was lost or half done. This page will work again in a moment.</p>
<p><a href="">Try again</a></p>`,
});

const FRONT_DOOR_HEADERS = new Set(
  [...Object.keys(COMMON_SECURITY_HEADERS), "Content-Security-Policy", "Strict-Transport-Security"].map((h) => h.toLowerCase()),
);

type Held = { status: number; head: unknown[]; chunks: unknown[][] };

/**
 * When Next answers a page with a 5xx (a server component threw), hold that answer back and ask
 * whether the database is out: if so, the browser gets a plain "temporarily unavailable" page (503,
 * Retry-After) instead; otherwise Next's answer goes out as it was (a bug is a bug). Only error
 * answers are held, so normal pages stream as before.
 */
export function unavailableInsteadOf5xx(res: http.ServerResponse, outage: () => Promise<Unavailable | null>): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
  let held: Held | null = null;
  const isError = (status: number) => status >= 500 && status !== 503;
  // Node calls writeHead itself on the first write when Next set only statusCode.
  const holdIfError = () => {
    if (!held && !res.headersSent && isError(res.statusCode)) held = { status: res.statusCode, head: [], chunks: [] };
  };

  res.writeHead = ((status: number, ...head: unknown[]) => {
    if (held) return res;
    if (!isError(status)) return writeHead(status, ...head);
    held = { status, head, chunks: [] };
    return res;
  }) as typeof res.writeHead;
  res.write = ((...args: unknown[]) => {
    holdIfError();
    if (!held) return write(...args);
    held.chunks.push(args);
    return true;
  }) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    holdIfError();
    if (!held) return end(...args);
    const h: Held = held;
    void outage().then((unavailable) => {
      if (!unavailable) {
        writeHead(h.status, ...h.head);
        for (const chunk of h.chunks) write(...chunk);
        end(...args);
        return;
      }
      // Next's headers go; the front door's own (security headers, HSTS) stay, with this page's policy.
      for (const name of res.getHeaderNames()) if (!FRONT_DOOR_HEADERS.has(name)) res.removeHeader(name);
      writeHead(503, {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": UNAVAILABLE_PAGE.csp,
        "retry-after": String(unavailable.retryAfterSeconds),
        "cache-control": "no-store",
        "content-length": Buffer.byteLength(UNAVAILABLE_PAGE.html),
      });
      end(UNAVAILABLE_PAGE.html);
    });
    return res;
  }) as typeof res.end;
}
