import "server-only";
import type { IncomingHttpHeaders } from "node:http";
import { errorBody, type ApiFamily } from "@/lib/api/errors";

/** One REST request as the router hands it to a route: parsed once, read lazily. */
export type ApiRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The raw body, at most `maxBytes` (null when it is larger; the rest is not buffered). */
  readBody(maxBytes: number): Promise<Buffer | null>;
};

/** What a route answers: the router writes it as is (JSON unless a content type says otherwise). */
export type ApiResponse = { status: number; body?: string; headers?: Record<string, string | string[]> };

export const header = (req: Pick<ApiRequest, "headers">, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** A cookie's value from the request, or undefined. */
export function cookieOf(req: Pick<ApiRequest, "headers">, name: string): string | undefined {
  const raw = header(req, "cookie");
  if (!raw) return undefined;
  for (const part of raw.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return undefined;
}

const NO_STORE = { "Cache-Control": "no-store" };

export const apiJson = (body: unknown, status = 200, headers: Record<string, string> = NO_STORE): ApiResponse => ({
  status,
  body: JSON.stringify(body),
  headers,
});

/** A body that is already JSON text (built by Postgres): sent without parsing it again. */
export const apiJsonText = (body: string, status = 200): ApiResponse => ({ status, body, headers: NO_STORE });

export const apiError = (family: ApiFamily, status: number, message: string, headers: Record<string, string> = {}): ApiResponse => ({
  status,
  body: JSON.stringify(errorBody(family, status, message)),
  headers: { ...NO_STORE, ...headers },
});
