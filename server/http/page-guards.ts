import "server-only";
import http from "node:http";
import { rawQuery } from "@/server/db";
import { recentDbOutage } from "@/server/http/outage";
import { COMMON_SECURITY_HEADERS } from "@/server/http/security-headers";

// What the front door does around Next for pages and server actions, so that neither a database
// outage nor a malformed action call is answered with a 500.

/** Server actions' argument lists, like Next's own limit (serverActions.bodySizeLimit, 1 MB). */
const ACTION_BODY_LIMIT = 1024 * 1024;

/**
 * A server-action call from a script (`Next-Action` header, not a form post) carries its arguments
 * as a JSON array. Next answers anything else — an empty body, `null`, broken JSON — with a 500
 * from deep inside React's reply decoder. Check it here: a bad body gets a 400 (a too large one
 * 413), a good one goes on to Next in a fresh request object holding the bytes read.
 */
export async function checkActionCall(req: http.IncomingMessage, res: http.ServerResponse): Promise<http.IncomingMessage | null> {
  const type = String(req.headers["content-type"] ?? "").toLowerCase();
  if (req.method !== "POST" || !req.headers["next-action"] || type.startsWith("multipart/form-data")) return req;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > ACTION_BODY_LIMIT) {
      plainAnswer(res, 413, "The request is too large.");
      req.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  if (!isJsonArray(body.toString("utf8"))) {
    plainAnswer(res, 400, "Malformed server action call: the body must be a JSON array of arguments.");
    return null;
  }
  return replay(req, body);
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

function plainAnswer(res: http.ServerResponse, status: number, message: string) {
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(message),
  });
  res.end(message);
}

/** Is the database answering? A short bound: a hung server counts as unavailable. */
export async function databaseAnswers(timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      rawQuery("SELECT 1", [], { prepared: false }).then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export const UNAVAILABLE_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Temporarily unavailable · Devicekeeper</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f8fafc;color:#0f172a}
main{max-width:28rem;padding:1.5rem;text-align:center}h1{font-size:1.5rem;margin:.5rem 0}p{color:#475569}a{color:#4f46e5}
@media (prefers-color-scheme:dark){body{background:#0f172a;color:#f1f5f9}p{color:#cbd5e1}a{color:#a5b4fc}}</style></head>
<body><main><p>503</p><h1>Devicekeeper is temporarily unavailable</h1>
<p>It cannot reach its database right now. Nothing you did was lost or half done. This page will work again in a moment.</p>
<p><a href="">Try again</a></p></main></body></html>`;

const FRONT_DOOR_HEADERS = new Set(
  [...Object.keys(COMMON_SECURITY_HEADERS), "Content-Security-Policy", "Strict-Transport-Security"].map((h) => h.toLowerCase()),
);

type Held = { status: number; head: unknown[]; chunks: unknown[][] };

/** Was a failure now the database's? It does not answer, or a request just failed on it (it may be back already). */
export async function duringDbOutage(): Promise<boolean> {
  const up = await databaseAnswers();
  return !up || recentDbOutage();
}

/**
 * When Next answers a page with a 5xx (a server component threw), hold that answer back and ask
 * whether the database is out: if so, the browser gets a plain "temporarily unavailable" page (503,
 * Retry-After) instead; otherwise Next's answer goes out as it was (a bug is a bug). Only error
 * answers are held, so normal pages stream as before.
 */
export function unavailableInsteadOf5xx(res: http.ServerResponse, isOutage: () => Promise<boolean> = duringDbOutage): void {
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
    void isOutage().then((outage) => {
      if (!outage) {
        writeHead(h.status, ...h.head);
        for (const chunk of h.chunks) write(...chunk);
        end(...args);
        return;
      }
      // Next's headers go; the front door's own (security headers, CSP, HSTS) stay.
      for (const name of res.getHeaderNames()) if (!FRONT_DOOR_HEADERS.has(name)) res.removeHeader(name);
      writeHead(503, {
        "content-type": "text/html; charset=utf-8",
        "retry-after": "5",
        "cache-control": "no-store",
        "content-length": Buffer.byteLength(UNAVAILABLE_PAGE),
      });
      end(UNAVAILABLE_PAGE);
    });
    return res;
  }) as typeof res.end;
}
