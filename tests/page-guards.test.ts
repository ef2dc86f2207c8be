// The front door's guards around Next (server/http/page-guards.ts), over real HTTP: a page that
// fails while the database is down is a 503 "temporarily unavailable" page, not a 500; a server
// action call whose body is not a JSON array is a 400, not a 500 from Next's decoder; a sign-in
// form the browser posted before its script ran goes back to the form with the email, never the password.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { answerEarlyFormPost, checkActionCall, isEarlyFormPost, unavailableInsteadOf5xx } from "@/server/http/page-guards";
import { databaseAnswers } from "@/server/http/outage";
import { DB_OUTAGE } from "@/server/errors";

let server: http.Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function serve(handler: http.RequestListener): Promise<string> {
  server = http.createServer(handler);
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("unavailableInsteadOf5xx", () => {
  const failingPage =
    (databaseUp: boolean, style: "statusCode" | "writeHead"): http.RequestListener =>
    (_req, res) => {
      res.setHeader("X-Frame-Options", "DENY"); // as the front door does, before Next
      unavailableInsteadOf5xx(res, async () => (databaseUp ? null : DB_OUTAGE));
      res.setHeader("x-next", "1");
      if (style === "writeHead") res.writeHead(500, { "content-type": "text/html" });
      else res.statusCode = 500;
      res.write("<p>Internal");
      res.end(" Server Error</p>");
    };

  for (const style of ["statusCode", "writeHead"] as const) {
    it(`turns a page's 500 into a 503 page with Retry-After while the database does not answer (${style})`, async () => {
      const res = await fetch(await serve(failingPage(false, style)));
      expect([res.status, res.headers.get("retry-after"), res.headers.get("x-next"), res.headers.get("content-type")]).toEqual([
        503,
        "5",
        null,
        "text/html; charset=utf-8",
      ]);
      expect(await res.text()).toContain("Devicekeeper is temporarily unavailable");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    });

    it(`sends the 500 as it was when the database answers (a bug, not an outage) (${style})`, async () => {
      const res = await fetch(await serve(failingPage(true, style)));
      expect([res.status, res.headers.get("x-next"), await res.text()]).toEqual([500, "1", "<p>Internal Server Error</p>"]);
    });
  }

  it("streams other answers untouched", async () => {
    const url = await serve((_req, res) => {
      unavailableInsteadOf5xx(res, async () => DB_OUTAGE);
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("a");
      setTimeout(() => res.end("b"), 20);
    });
    const res = await fetch(url);
    expect([res.status, await res.text()]).toEqual([200, "ab"]);
  });

  it("asks the real database, which answers here", async () => {
    expect(await databaseAnswers()).toBe(true);
  });
});

const warn = vi.fn();

describe("checkActionCall", () => {
  const echo: http.RequestListener = (req, res) => {
    void checkActionCall(req, res, warn).then(async (checked) => {
      if (!checked) return;
      let body = "";
      for await (const chunk of checked) body += chunk;
      res.end(JSON.stringify({ method: checked.method, url: checked.url, action: checked.headers["next-action"], body }));
    });
  };
  const post = async (
    url: string,
    body: string,
    headers: Record<string, string> = { "next-action": "abc", "content-type": "text/plain;charset=UTF-8" },
  ) => {
    const res = await fetch(`${url}/settings/tokens`, { method: "POST", headers, body });
    return { status: res.status, text: await res.text() };
  };

  it("refuses a body that is not a JSON array with a 400, and hands a good one on with its bytes", async () => {
    const url = await serve(echo);
    for (const bad of ["", "null", "not json", "[", "{}", '"text"', "1"]) expect((await post(url, bad)).status, bad).toBe(400);
    const good = await post(url, '[{"tokenId":"x"},"$undefined"]');
    expect([good.status, JSON.parse(good.text)]).toEqual([
      200,
      { method: "POST", url: "/settings/tokens", action: "abc", body: '[{"tokenId":"x"},"$undefined"]' },
    ]);
  });

  it("refuses a cross-origin action call (script or form post) with a 403 and one warning line, before Next sees it", async () => {
    warn.mockClear();
    const url = await serve(echo);
    const host = new URL(url).host;
    const cases: [Record<string, string>, number][] = [
      [{ origin: "http://evil.example" }, 403],
      [{ origin: "null" }, 403],
      [{ origin: `http://${host}.evil.example` }, 403],
      [{ origin: "http://evil.example", "content-type": "multipart/form-data; boundary=x", "next-action": "" }, 403],
      [{ origin: `http://${host}` }, 200], // same origin
      [{ origin: "http://proxy.example", "x-forwarded-host": "proxy.example" }, 200], // as Next compares it
      [{}, 200], // no Origin: not a browser's cross-site request
    ];
    for (const [headers, status] of cases) {
      const res = await post(url, "[]", { "next-action": "abc", "content-type": "text/plain;charset=UTF-8", ...headers });
      expect(res.status, JSON.stringify(headers)).toBe(status);
      if (status === 403) expect(res.text).toBe("Cross-origin server action calls are refused.");
    }
    expect(warn).toHaveBeenCalledTimes(4);
  });

  it("leaves form posts and requests without Next-Action alone, and refuses a body over 1 MB (413)", async () => {
    const url = await serve(echo);
    expect((await post(url, "not json", { "content-type": "text/plain" })).status).toBe(200);
    expect((await post(url, "--x--", { "next-action": "abc", "content-type": "multipart/form-data; boundary=x" })).status).toBe(200);
    expect((await post(url, `[${'"a",'.repeat(300_000)}"a"]`)).status).toBe(413);
  });
});

describe("answerEarlyFormPost", () => {
  // What Next would have been handed: the request as it came, body unread.
  const door: http.RequestListener = (req, res) => {
    if (isEarlyFormPost(req)) return void answerEarlyFormPost(req, res);
    void (async () => {
      let body = "";
      for await (const chunk of req) body += chunk;
      res.end(JSON.stringify({ next: true, body }));
    })();
  };
  const send = (url: string, path: string, body: string, headers: Record<string, string> = {}, method = "POST") =>
    fetch(`${url}${path}`, {
      method,
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      ...(method === "POST" ? { body } : {}),
    });
  const form = new URLSearchParams({ email: "ann@example.com", password: "secret-password-123" }).toString();

  it("sends the form back with the email filled in and why, keeping where it was going, and drops the password", async () => {
    const url = await serve(door);
    const res = await send(url, `/sign-in?${new URLSearchParams({ next: "/oidc/interaction/abc" })}`, form);
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(location).not.toContain("secret");
    expect(Object.fromEntries(new URL(location, url).searchParams)).toEqual({
      next: "/oidc/interaction/abc",
      email: "ann@example.com",
      again: "1",
    });
    expect(res.headers.get("cache-control")).toBe("no-store");
    const bare = await send(url, "/sign-in", "password=x");
    expect([bare.status, bare.headers.get("location")]).toEqual([303, "/sign-in?again=1"]);
    // Another site as `next`, a line break, an email too long to be one: left out, never echoed.
    const withEmail = "/sign-in?email=ann%40example.com&again=1";
    for (const [path, body, location] of [
      [`/sign-in?next=${encodeURIComponent("//evil.example/x")}`, form, withEmail],
      [`/sign-in?next=${encodeURIComponent("/devices\r\nSet-Cookie: x=1")}`, form, withEmail],
      ["/sign-in", `email=${"a".repeat(250)}@b.co&password=x`, "/sign-in?again=1"],
    ]) {
      const res = await send(url, path!, body!);
      expect([res.status, res.headers.get("location"), res.headers.get("set-cookie")], path).toEqual([303, location, null]);
    }
  });

  it("sends any other page's form back to the page as it was, nothing of it in the URL, never to another site", async () => {
    const url = await serve(door);
    for (const [path, location] of [
      ["/security?setup=temporary-code", "/security?setup=temporary-code"],
      ["/forgot-password", "/forgot-password"],
      ["/reset-password?token=abc", "/reset-password?token=abc"],
    ]) {
      const res = await send(url, path!, "name=New+phone&code=123456");
      expect([res.status, res.headers.get("location"), res.headers.get("cache-control")], path).toEqual([303, location, "no-store"]);
      // For that page only, a minute: its script says nothing was sent (components/ui/toast.tsx).
      expect(res.headers.get("set-cookie"), path).toBe(
        `dk.early-post=1; Path=${new URL(location!, url).pathname}; Max-Age=60; SameSite=Lax`,
      );
    }
    // Sign-in says why through `again=1`; a path with anything but plain characters gets no cookie.
    expect((await send(url, "/sign-in", "email=a%40b.co")).headers.get("set-cookie")).toBeNull();
    expect((await send(url, "/security;Domain=evil.example", "a=1")).headers.get("set-cookie")).toBeNull();
    // A path that reads as another host: back to a path of this site.
    for (const path of ["//evil.example/x", "/.//evil.example/x", "/\\evil.example/x"]) {
      const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
        const req = http.request(
          url + "/",
          { method: "POST", path, headers: { "content-type": "application/x-www-form-urlencoded" } },
          resolve,
        );
        req.on("error", reject);
        req.end("a=1");
      });
      res.resume();
      expect([res.statusCode, res.headers.location], path).toEqual([303, expect.stringMatching(/^\/(?![/\\])/)]);
    }
  });

  it("leaves everything else to Next: the API, GET, server actions, other bodies; refuses an oversize form (413)", async () => {
    const url = await serve(door);
    const passed = async (res: Response) => [res.status, (await res.json()) as unknown];
    expect(await passed(await send(url, "/api/auth/callback/credentials", form))).toEqual([200, { next: true, body: form }]);
    expect(await passed(await send(url, "/security", form, { "content-type": "multipart/form-data; boundary=x" }))).toEqual([
      200,
      { next: true, body: form },
    ]);
    expect(await passed(await send(url, "/sign-in", "", {}, "GET"))).toEqual([200, { next: true, body: "" }]);
    expect(await passed(await send(url, "/sign-in", "[]", { "next-action": "abc", "content-type": "text/plain" }))).toEqual([
      200,
      { next: true, body: "[]" },
    ]);
    expect(await passed(await send(url, "/sign-in", "{}", { "content-type": "application/json" }))).toEqual([
      200,
      { next: true, body: "{}" },
    ]);
    expect((await send(url, "/sign-in", `email=${"a".repeat(9000)}`)).status).toBe(413);
    expect((await send(url, "/security", `name=${"a".repeat(70_000)}`)).status).toBe(413);
  });
});
