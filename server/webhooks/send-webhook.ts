import "server-only";
import crypto from "node:crypto";
import http from "node:http";
import https from "node:https";
import { Webhook } from "standardwebhooks";
import {
  BlockedAddressError,
  guardedLookup,
  literalAddressProblem,
  privateAddressesAllowed,
  type Resolve,
} from "@/server/webhooks/ssrf-guard";

/** A new signing secret in the Standard Webhooks form: "whsec_" + base64 of 24 random bytes. */
export const newWebhookSecret = () => `whsec_${crypto.randomBytes(24).toString("base64")}`;

/**
 * The Standard Webhooks headers for one attempt. During a rotation the body is signed with the new
 * and the old secret (space-separated signatures), so receivers may switch over at their pace.
 */
export function signWebhook(eventId: string, body: string, secrets: string[], at: Date): Record<string, string> {
  const signatures = secrets.map((s) => new Webhook(s).sign(eventId, at, body));
  return {
    "webhook-id": eventId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}

export type SendResult = { ok: boolean; status: number | null; latencyMs: number; error: string | null };
export type SendOptions = {
  /** The most the whole exchange may take (connecting, sending, the answer): 10 s by default. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  resolve?: Resolve;
  /** JSON by default; a back-channel logout is a form post. */
  contentType?: string;
  userAgent?: string;
};
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs one signed body (a webhook's; also a back-channel logout's) through the address guard. A
 * 2xx answer is success; redirects are not followed (a redirect could lead past the guard). Never
 * throws: the outcome is recorded on the delivery.
 */
export function sendWebhook(rawUrl: string, headers: Record<string, string>, body: string, options: SendOptions = {}): Promise<SendResult> {
  const { timeoutMs = 10_000, env = process.env, contentType = "application/json", userAgent = "Devicekeeper-Webhooks/1.0" } = options;
  const started = performance.now();
  const done = (status: number | null, error: string | null): SendResult => ({
    ok: status !== null && status >= 200 && status < 300,
    status,
    latencyMs: Math.round(performance.now() - started),
    error,
  });
  const url = new URL(rawUrl);
  const allowPrivate = privateAddressesAllowed(env);
  const literal = allowPrivate ? null : literalAddressProblem(url);
  if (literal) return Promise.resolve(done(null, literal));

  return new Promise((settled) => {
    // timeoutMs bounds the whole exchange, not only a silence: a receiver trickling its answer a
    // byte at a time would otherwise hold the delivery (and the lease on its row) for as long as it likes.
    // An answer whose status came in time is that status; its body is not waited for.
    const tooLong = () => Object.assign(new Error(`no answer within ${timeoutMs / 1000} s`), { code: "ETIMEDOUT" });
    let answered: (() => void) | null = null;
    const deadline = setTimeout(() => (answered?.(), request.destroy(tooLong())), timeoutMs);
    const resolve = (result: SendResult) => (clearTimeout(deadline), settled(result));
    const request = (url.protocol === "https:" ? https : http).request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-type": contentType, "content-length": Buffer.byteLength(body), "user-agent": userAgent },
        ...(allowPrivate ? {} : { lookup: guardedLookup(options.resolve) as never }),
      },
      (res) => {
        // Drain (bounded) so the socket can be reused; the body itself is not kept.
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) res.destroy();
        });
        const status = res.statusCode ?? null;
        const settle = () => resolve(done(status, status !== null && status >= 200 && status < 300 ? null : `HTTP ${status}`));
        answered = settle;
        res.once("end", settle);
        res.once("close", settle);
      },
    );
    request.once("error", (e: NodeJS.ErrnoException) => resolve(done(null, describe(e))));
    request.end(body);
  });
}

function describe(e: NodeJS.ErrnoException): string {
  if (e instanceof BlockedAddressError) return e.message;
  const known: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ENOTFOUND: "host not found",
    EAI_AGAIN: "host not found (DNS lookup failed)",
    ECONNRESET: "connection reset",
    ETIMEDOUT: e.message,
    CERT_HAS_EXPIRED: "TLS certificate expired",
    DEPTH_ZERO_SELF_SIGNED_CERT: "self-signed TLS certificate",
    ERR_TLS_CERT_ALTNAME_INVALID: "TLS certificate does not match the host",
  };
  return (e.code && known[e.code]) || e.code || "request failed";
}
