// The step-up check (a password asked for again before sensitive changes) under malformed input:
// a real server-action call is replayed with forged arguments — the password as every JSON type,
// huge, empty, control characters, extra and missing fields — seeded, so a failure replays
// (FUZZ_SEED). No answer may be a 5xx or leak a stack trace, and none may create a token.
import { expect, test } from "@playwright/test";
import { prng } from "./support/prng";
import { createUser, sql } from "./support/db";
import { signInOverHttp } from "./support/auth";
import { captureActionId } from "./support/actions";

test.describe.configure({ timeout: 240_000 });

test("500 malformed step-up posts to a recently-verified action: never a 5xx, never a change", async ({ browser }) => {
  const seed = Number(process.env.FUZZ_SEED ?? 20261123);
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const user = await createUser();
  const ctx = await browser.newContext();
  await signInOverHttp(ctx, user);
  // The password was checked an hour ago: creating a token needs it again.
  await sql().query(`UPDATE "Session" SET "verifiedAt" = now() - interval '1 hour' WHERE "userId" = $1`, [user.id]);
  const page = await ctx.newPage();
  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill("Fuzz");
  const actionId = await captureActionId(page, () => page.getByRole("button", { name: "Create token" }).click());
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Confirm your password to continue.");

  const values: unknown[] = [
    "",
    " ",
    "wrong",
    user.password.toUpperCase(),
    "x".repeat(100_000),
    "\u0000",
    "é\u202e",
    0,
    -1,
    1e308,
    true,
    false,
    null,
    [],
    [user.password],
    {},
    { toString: "x" },
    { password: user.password },
    "[object Object]",
    "' OR 1=1 --",
  ];
  const fields = ["password", "name", "expiresInDays", "__proto__", "constructor"];
  const bodies = (): string => {
    const shape = random();
    if (shape < 0.1) return pick(["", "not json", "[", "{}", "null", "[[[[[[[[[[]]]]]]]]]]", `"${"a".repeat(10_000)}"`]);
    const input: Record<string, unknown> = {};
    for (const f of fields)
      if (random() < 0.6)
        input[f] = f === "name" && random() < 0.5 ? "Fuzz" : f === "expiresInDays" && random() < 0.5 ? "30" : pick(values);
    const args = shape < 0.2 ? [pick(values)] : shape < 0.3 ? [input, pick(values)] : [input];
    return JSON.stringify(args);
  };

  const failures: string[] = [];
  const N = 500;
  for (let i = 0; i < N; i += 5) {
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        const data = bodies();
        const headers: Record<string, string> = {
          "next-action": random() < 0.95 ? actionId : pick(["", "x", "0".repeat(42), actionId.toUpperCase()]),
          accept: "text/x-component",
        };
        headers["content-type"] = pick([
          "text/plain;charset=UTF-8",
          "text/plain;charset=UTF-8",
          "application/json",
          "application/x-www-form-urlencoded",
        ]);
        const res = await ctx.request.post("/settings/tokens", { headers, data, failOnStatusCode: false, maxRedirects: 0 });
        const body = await res.text();
        if (res.status() >= 500 || /at .+\.(ts|js):\d+/.test(body))
          failures.push(`${res.status()} ← ${headers["content-type"]} ${data.slice(0, 160)}: ${body.slice(0, 200)}`);
      }),
    );
  }
  expect(failures, `seed ${seed}`).toEqual([]);
  // Wrong passwords count toward the brute-force limit; none of the posts made a token.
  expect((await sql().query(`SELECT count(*)::int AS n FROM "ApiToken" WHERE "userId" = $1`, [user.id])).rows[0].n).toBe(0);
  await ctx.close();
});
