import "server-only";
import { header, type ApiRequest } from "@/server/api/http";

export type JsonProblem = { status: 400 | 413 | 415; message: string };
export type JsonRead = { ok: true; body: unknown } | { ok: false; problem: JsonProblem };

export const MAX_JSON_BYTES = 16 * 1024;
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;
const tooLarge = (maxBytes: number): JsonProblem => ({ status: 413, message: `The body is larger than ${maxBytes} bytes.` });

/** The body as UTF-8 text, reading no more than `maxBytes` (a larger body is not buffered). */
async function readText(req: ApiRequest, maxBytes: number): Promise<{ text: string } | JsonProblem> {
  if (Number(header(req, "content-length")) > maxBytes) return tooLarge(maxBytes);
  const bytes = await req.readBody(maxBytes);
  if (!bytes) return tooLarge(maxBytes);
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { status: 400, message: "The body could not be read as UTF-8 text." };
  }
}

const isJsonType = (req: ApiRequest) => JSON_TYPE.test(header(req, "content-type") ?? "");
const notJson: JsonRead = { ok: false, problem: { status: 415, message: "Send the body as application/json." } };

const parse = (text: string): JsonRead => {
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, problem: { status: 400, message: "The body is not valid JSON." } };
  }
};

/**
 * Reads a JSON request body without trusting it: the content type must be JSON (which also keeps
 * plain cross-site forms out), the size is bounded, and malformed JSON is a 400, never a 500.
 */
export async function readJson(req: ApiRequest, maxBytes = MAX_JSON_BYTES): Promise<JsonRead> {
  if (!isJsonType(req)) return notJson;
  const read = await readText(req, maxBytes);
  return "text" in read ? parse(read.text) : { ok: false, problem: read };
}

/** What the OpenAPI document allows where a route takes no body (server/api/openapi.ts, emptyBody). */
const isEmptyBodyShape = (body: unknown) => (Array.isArray(body) ? body.length === 0 : typeof body === "object" && body !== null);

/**
 * For routes whose body carries nothing (clients send none, `{}` or `[]`): an empty body is fine;
 * anything else must be well-formed JSON of bounded size, declared as JSON, and an object or an
 * empty array — `null`, a string, a number, `true` or `[1]` are a 400, as the document says.
 */
export async function readOptionalJson(req: ApiRequest, maxBytes = MAX_JSON_BYTES): Promise<JsonRead> {
  const read = await readText(req, maxBytes);
  if (!("text" in read)) return { ok: false, problem: read };
  if (read.text.trim() === "") return { ok: true, body: undefined };
  if (!isJsonType(req)) return notJson;
  const parsed = parse(read.text);
  if (parsed.ok && !isEmptyBodyShape(parsed.body))
    return { ok: false, problem: { status: 400, message: "The body must be empty, a JSON object or an empty array." } };
  return parsed;
}
