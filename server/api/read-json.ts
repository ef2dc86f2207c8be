import "server-only";

export type JsonProblem = { status: 400 | 413 | 415; message: string };
export type JsonRead = { ok: true; body: unknown } | { ok: false; problem: JsonProblem };

export const MAX_JSON_BYTES = 16 * 1024;
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

/** The body as UTF-8 text, reading no more than `maxBytes` (a larger body is not buffered). */
async function readLimited(req: Request, maxBytes: number): Promise<{ text: string } | JsonProblem> {
  const declared = Number(req.headers.get("content-length"));
  if (declared > maxBytes) return { status: 413, message: `The body is larger than ${maxBytes} bytes.` };
  if (!req.body) return { text: "" };
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { status: 413, message: `The body is larger than ${maxBytes} bytes.` };
      }
      chunks.push(value);
    }
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks)) };
  } catch {
    return { status: 400, message: "The body could not be read as UTF-8 text." };
  }
}

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
export async function readJson(req: Request, maxBytes = MAX_JSON_BYTES): Promise<JsonRead> {
  if (!JSON_TYPE.test(req.headers.get("content-type") ?? "")) return { ok: false, problem: { status: 415, message: "Send the body as application/json." } };
  const read = await readLimited(req, maxBytes);
  return "text" in read ? parse(read.text) : { ok: false, problem: read };
}

/**
 * For routes whose body carries nothing (clients send none, `{}` or `[]`): an empty body is fine;
 * anything else must still be well-formed JSON of bounded size, declared as JSON.
 */
export async function readOptionalJson(req: Request, maxBytes = MAX_JSON_BYTES): Promise<JsonRead> {
  const read = await readLimited(req, maxBytes);
  if (!("text" in read)) return { ok: false, problem: read };
  if (read.text.trim() === "") return { ok: true, body: undefined };
  if (!JSON_TYPE.test(req.headers.get("content-type") ?? "")) return { ok: false, problem: { status: 415, message: "Send the body as application/json." } };
  return parse(read.text);
}
