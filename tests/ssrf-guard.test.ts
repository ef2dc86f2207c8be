import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { guardedLookup, isPublicAddress, webhookUrlProblem, type Resolve } from "@/server/webhooks/ssrf-guard";
import { sendWebhook } from "@/server/webhooks/send-webhook";

const guarded = { NODE_ENV: "production" } as NodeJS.ProcessEnv;
const resolvesTo =
  (...addresses: string[]): Resolve =>
  async () =>
    addresses;

describe("the webhook SSRF guard", () => {
  it.each([
    ["127.0.0.1", false],
    ["127.8.9.10", false],
    ["10.1.2.3", false],
    ["172.16.0.1", false],
    ["172.31.255.255", false],
    ["192.168.1.1", false],
    ["169.254.169.254", false], // cloud metadata (link-local)
    ["100.100.100.200", false], // Alibaba metadata (carrier-grade NAT)
    ["100.64.0.1", false],
    ["0.0.0.0", false],
    ["255.255.255.255", false],
    ["224.0.0.1", false],
    ["192.0.2.10", false], // documentation
    ["::1", false],
    ["::", false],
    ["fe80::1", false],
    ["fc00::1", false],
    ["fd00:ec2::254", false], // AWS metadata over IPv6 (unique local)
    ["::ffff:127.0.0.1", false], // IPv4-mapped loopback
    ["::ffff:10.0.0.1", false],
    ["64:ff9b::a00:1", false], // NAT64 of 10.0.0.1
    ["2002:7f00:1::", false], // 6to4 of 127.0.0.1
    ["2001:db8::1", false], // documentation
    // IPv6 forms embedding an IPv4 address are refused whatever they embed, public or not.
    ["::7f00:1", false], // IPv4-compatible (::/96) 127.0.0.1
    ["::127.0.0.1", false],
    ["::a9fe:a9fe", false], // IPv4-compatible 169.254.169.254
    ["::8.8.8.8", false],
    ["::ffff:8.8.8.8", false], // IPv4-mapped
    ["::ffff:0:7f00:1", false], // IPv4-translated (::ffff:0:0:0/96)
    ["::ffff:0:808:808", false],
    ["64:ff9b::808:808", false], // NAT64 of 8.8.8.8
    ["64:ff9b:1::7f00:1", false], // local-use NAT64 (64:ff9b:1::/48)
    ["2002:808:808::1", false], // 6to4 of 8.8.8.8
    ["2001:0:4136:e378:8000:63bf:3fff:fdd2", false], // Teredo
    ["::1:0:0:1", false], // the rest of the reserved ::/8
    ["not an address", false],
    ["8.8.8.8", true],
    ["93.184.215.14", true],
    ["172.32.0.1", true],
    ["2606:4700:4700::1111", true],
    ["2001:4860:4860::8888", true], // 2001:4860::/32, beside Teredo's 2001::/32
    ["2a00:1450:4001:80b::200e", true],
    ["2003::1", true], // beside 6to4's 2002::/16
  ])("%s is public: %s", (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it("refuses URLs whose host is, or resolves to, a private address — any of its addresses", async () => {
    const check = (url: string, resolve: Resolve = resolvesTo("93.184.215.14")) => webhookUrlProblem(url, { env: guarded, resolve });
    expect(await check("https://hooks.example.com/x")).toBeNull();
    expect(await check("https://127.0.0.1/x")).toMatch(/private or reserved address/);
    expect(await check("https://[::1]/x")).toMatch(/::1/);
    expect(await check("https://2130706433/x")).toMatch(/127\.0\.0\.1/); // decimal IPv4, normalised by URL
    expect(await check("https://0x7f.1/x")).toMatch(/127\.0\.0\.1/);
    expect(await check("https://[::ffff:169.254.169.254]/x")).toMatch(/private or reserved/);
    expect(await check("https://[::7f00:1]/x")).toMatch(/::7f00:1 is a private or reserved/);
    expect(await check("https://[::127.0.0.1]/x")).toMatch(/private or reserved/); // URL writes it ::7f00:1
    expect(await check("https://[64:ff9b::808:808]/x")).toMatch(/private or reserved/);
    expect(await check("https://[2606:4700:4700::1111]/x")).toBeNull();
    expect(await check("https://localhost/x", resolvesTo("127.0.0.1", "::1"))).toMatch(/localhost resolves to 127\.0\.0\.1/);
    expect(await check("https://mixed.example/x", resolvesTo("93.184.215.14", "10.0.0.5"))).toMatch(/10\.0\.0\.5/);
    expect(await check("https://gone.example/x", () => Promise.reject(new Error("ENOTFOUND")))).toMatch(/could not be resolved/);
    expect(await check("http://hooks.example.com/x")).toBe("Use an https:// URL");
  });

  it("allows private receivers, over http, only with WEBHOOKS_ALLOW_PRIVATE=1", async () => {
    const env = { NODE_ENV: "production", WEBHOOKS_ALLOW_PRIVATE: "1" } as NodeJS.ProcessEnv;
    expect(await webhookUrlProblem("http://127.0.0.1:9/x", { env })).toBeNull();
  });

  it("checks the address actually connected to at delivery, so DNS rebinding cannot pass", async () => {
    // A receiver that must never be reached.
    let reached = 0;
    const server = http.createServer((_req, res) => void (reached++, res.end()));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    try {
      // The name resolved to a public address when the endpoint was saved; now it answers 127.0.0.1.
      let calls = 0;
      const rebinding: Resolve = async () => (calls++ === 0 ? ["93.184.215.14"] : ["127.0.0.1"]);
      expect(await webhookUrlProblem(`https://rebind.example:${port}/x`, { env: guarded, resolve: rebinding })).toBeNull();
      const sent = await sendWebhook(`http://rebind.example:${port}/x`, {}, "{}", { env: guarded, resolve: rebinding });
      expect(sent).toMatchObject({ ok: false, status: null });
      expect(sent.error).toMatch(/rebind\.example resolves to 127\.0\.0\.1/);
      // An IP literal is checked without any lookup.
      const literal = await sendWebhook(`http://127.0.0.1:${port}/x`, {}, "{}", { env: guarded });
      expect(literal.error).toMatch(/127\.0\.0\.1.*private or reserved/);
      const mapped = await sendWebhook(`http://[::ffff:7f00:1]:${port}/x`, {}, "{}", { env: guarded });
      expect(mapped.error).toMatch(/private or reserved/);
      const compatible = await sendWebhook(`http://[::127.0.0.1]:${port}/x`, {}, "{}", { env: guarded });
      expect(compatible.error).toMatch(/::7f00:1.*private or reserved/);
      expect(reached).toBe(0);
      // With the guard off the same receiver is reached: the refusals above were the guard's.
      const allowed = await sendWebhook(`http://127.0.0.1:${port}/x`, {}, "{}", {
        env: { NODE_ENV: "production", WEBHOOKS_ALLOW_PRIVATE: "1" } as NodeJS.ProcessEnv,
      });
      expect(allowed).toMatchObject({ ok: true, status: 200 });
      expect(reached).toBe(1);
    } finally {
      server.close();
    }
  });

  it("gives up on a receiver at the deadline, however it trickles its answer", async () => {
    // Headers at once, then a byte every 100 ms for 5 s: never silent for long, never done.
    const server = http.createServer((req, res) => {
      req.resume();
      res.writeHead(200);
      const drip = setInterval(() => res.write("."), 100);
      setTimeout(() => (clearInterval(drip), res.end()), 5_000);
      res.on("close", () => clearInterval(drip));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const started = performance.now();
      const sent = await sendWebhook(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, {}, "{}", {
        env: { NODE_ENV: "production", WEBHOOKS_ALLOW_PRIVATE: "1" } as NodeJS.ProcessEnv,
        timeoutMs: 600,
      });
      expect(performance.now() - started).toBeLessThan(2_500);
      // The receiver had answered 200 before it was cut off: it has the delivery.
      expect(sent).toMatchObject({ ok: true, status: 200 });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it("the guarded lookup hands back only checked addresses", async () => {
    const lookup = guardedLookup(resolvesTo("93.184.215.14", "2606:4700:4700::1111"));
    const got = await new Promise((resolve, reject) =>
      lookup("ok.example", { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
    );
    expect(got).toEqual([
      { address: "93.184.215.14", family: 4 },
      { address: "2606:4700:4700::1111", family: 6 },
    ]);
  });
});
