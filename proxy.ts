import { NextResponse, type NextRequest } from "next/server";
import { errorBody, familyOfPath } from "@/lib/api/errors";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * REST requests Next itself cannot route: methods route handlers do not support (PROPFIND and
 * other WebDAV verbs; TRACE never gets this far, see the README), malformed percent-encoding (Next's param decoding throws) or absurd lengths.
 * Answered here as JSON 405/400/414 in the path's own error shape. Not an auth layer: every route
 * authenticates itself.
 */
export function proxy(req: NextRequest) {
  const path = req.nextUrl.pathname;
  const fail = (status: number, message: string) =>
    NextResponse.json(errorBody(familyOfPath(path), status, message), { status, headers: { "Cache-Control": "no-store" } });
  if (!METHODS.has(req.method)) {
    const res = fail(405, `${req.method} is not supported.`);
    res.headers.set("Allow", [...METHODS].join(", "));
    return res;
  }
  if (path.length > 2048 || path.split("/").some((segment) => segment.length > 255)) return fail(414, "The path is too long.");
  try {
    decodeURIComponent(path);
  } catch {
    return fail(400, "The path is not valid percent-encoded UTF-8.");
  }
  return NextResponse.next();
}

export const config = { matcher: ["/api/:path*", "/am/:path*"] };
