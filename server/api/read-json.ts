import "server-only";

export type JsonProblem = { status: 400 | 413 | 415; message: string };

/**
 * Reads a JSON request body without trusting it: the content type must be JSON (which also keeps
 * plain cross-site forms out), the size is bounded, and malformed JSON is a 400, never a 500.
 */
export async function readJson(req: Request, maxBytes = 16 * 1024): Promise<{ ok: true; body: unknown } | { ok: false; problem: JsonProblem }> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) return { ok: false, problem: { status: 415, message: "Send the body as application/json." } };
  const declared = Number(req.headers.get("content-length"));
  if (declared > maxBytes) return { ok: false, problem: { status: 413, message: `The body is larger than ${maxBytes} bytes.` } };
  let text: string;
  try {
    text = await req.text();
  } catch {
    return { ok: false, problem: { status: 400, message: "The body could not be read." } };
  }
  if (Buffer.byteLength(text) > maxBytes) return { ok: false, problem: { status: 413, message: `The body is larger than ${maxBytes} bytes.` } };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, problem: { status: 400, message: "The body is not valid JSON." } };
  }
}
