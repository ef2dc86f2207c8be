import "server-only";

const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 12 * 60 * 60 * 1000;

/**
 * When an outbox job (a webhook delivery, a security email) that failed is tried again: exponential
 * backoff with ±20 % jitter — 30 s, 1 min, 2 min … at most 12 h between attempts.
 */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const base = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
  return Math.round(base * (0.8 + 0.4 * random()));
}
