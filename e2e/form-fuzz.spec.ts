// The sign-in forms' endpoints under malformed input: password step, second step and the passkey
// options, with and without CSRF token and challenge cookies, odd encodings and sizes — seeded,
// so a failure replays (FUZZ_SEED). No answer may be a 5xx.
import { expect, test } from "@playwright/test";
import { prng } from "./support/prng";
import { createUser } from "./support/db";

test.describe.configure({ timeout: 240_000 });

test("600 malformed sign-in, second-step and passkey posts: never a 5xx", async ({ playwright, baseURL }) => {
  const seed = Number(process.env.FUZZ_SEED ?? 20261123);
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const user = await createUser();

  const strings = [
    "",
    " ",
    user.email,
    user.email.toUpperCase(),
    "x".repeat(5000),
    "é\u0000\u202e",
    '\'; DROP TABLE "User"; --',
    "[object Object]",
    "%00",
    "a@b",
    "null",
    "123456",
    "000000",
    '{"a":1}',
    "true",
  ];
  const methods = ["totp", "passkey", "recovery", "", "push", "TOTP", "x".repeat(300)];
  const endpoints = [
    "/api/auth/callback/credentials",
    "/api/auth/callback/mfa",
    "/api/sign-in/passkey-options",
    "/api/auth/signin/credentials",
    "/api/auth/callback/nope",
  ];
  const contentTypes = ["application/x-www-form-urlencoded", "application/json", "text/plain", "multipart/form-data; boundary=x", ""];

  const failures: string[] = [];
  const N = 600;
  for (let i = 0; i < N; i += 6) {
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        // A client of its own each time (the e2e server trusts loopback's X-Forwarded-For).
        const ip = `198.19.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}`;
        const ctx = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "X-Forwarded-For": ip } });
        try {
          const csrf = random() < 0.7 ? ((await (await ctx.get("/api/auth/csrf")).json()).csrfToken as string) : pick(strings);
          const fields: Record<string, string> = { csrfToken: csrf, json: pick(["true", "false", ""]) };
          for (const name of ["email", "password", "method", "code", "remember", "callbackUrl"]) {
            if (random() < 0.7)
              fields[name] =
                name === "method"
                  ? pick(methods)
                  : name === "callbackUrl"
                    ? pick(["/devices", "https://evil.example", "//evil.example", ""])
                    : pick(strings);
          }
          const endpoint = pick(endpoints);
          const type = pick(contentTypes);
          const c = () => encodeURIComponent(pick(strings));
          const headers: Record<string, string> = {};
          if (type) headers["content-type"] = type;
          if (random() < 0.3) headers.cookie = `dk.mfa=${c()}; dk.device=${c()}; dk.passkey=${c()}`;
          const data = type === "application/json" ? JSON.stringify(fields) : new URLSearchParams(fields).toString();
          const res = await ctx.fetch(endpoint, { method: "POST", headers, data, maxRedirects: 0, failOnStatusCode: false });
          if (res.status() >= 500)
            failures.push(`${res.status()} ← POST ${endpoint} (${type}) ${data.slice(0, 160)}: ${(await res.text()).slice(0, 160)}`);
        } catch (e) {
          failures.push(`request failed: ${(e as Error).message.split("\n")[0]}`);
        } finally {
          await ctx.dispose();
        }
      }),
    );
  }
  expect(failures, `seed ${seed}`).toEqual([]);
});
