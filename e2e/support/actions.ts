import { expect, type Page } from "@playwright/test";

/**
 * Server actions are POSTs to the page with a `Next-Action` id. To call one "directly" with forged
 * input, we watch the browser make a real call, then replay its id with our own arguments.
 */
export async function captureActionId(page: Page, trigger: () => Promise<void>): Promise<string> {
  const request = page.waitForRequest((r) => r.method() === "POST" && !!r.headers()["next-action"]);
  await trigger();
  return (await request).headers()["next-action"]!;
}

export async function callAction(page: Page, actionId: string, args: unknown[], path = "/devices") {
  const res = await page.request.post(path, {
    headers: { "next-action": actionId, "content-type": "text/plain;charset=UTF-8", accept: "text/x-component" },
    data: JSON.stringify(args),
  });
  return { status: res.status(), body: await res.text() };
}

/** A refusal is a normal answer (200, the message in the payload), never a 500 or a stack trace. */
export function expectRefusal(result: { status: number; body: string }, message: string) {
  expect(result.status).toBe(200);
  expect(result.body).toContain(`"ok":false`);
  expect(result.body).toContain(message);
  expect(result.body).not.toMatch(/at .+\.(ts|js):\d+/);
}
