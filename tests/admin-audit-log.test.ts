// The audit log across users (/admin/activity): who may read it, its filters, its keyset pages in
// every query shape (plain, by type, by administrator, by person), its cursors and its sentences.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { Actor } from "@/server/audit/actor";
import { AUDIT_LOG_PAGE_SIZE, auditLogDevice, exportAuditLog, listAuditLog } from "@/server/admin/list-audit-log";
import { resetOath } from "@/server/admin/reset-authenticators";
import { signInWithPassword } from "@/server/auth/sign-in-with-password";
import { auditCursorSchema, describeAuditEvent, encodeAuditCursor, type AuditLogFilter } from "@/lib/audit-log";
import { browser, context, createUser, newDeviceToken, randomEmail, TEST_PASSWORD } from "./factories";

const asAdmin = async (): Promise<Actor> => ({ userId: (await createUser({ role: "ADMIN" })).id, role: "ADMIN", context: context() });

/**
 * Each test writes its events on days of its own far in the future and filters on them, so the
 * other tests' events (the log is everyone's) never show up in its pages.
 */
let nextDay = Date.UTC(2090, 0, 1);
function ownDays(count = 1) {
  const start = nextDay;
  nextDay += (count + 1) * 86_400_000;
  const day = (i: number) => new Date(start + i * 86_400_000).toISOString().slice(0, 10);
  return { at: (dayIndex: number, ms = 0) => new Date(start + dayIndex * 86_400_000 + ms), filter: { from: day(0), to: day(count - 1) } };
}

type Row = { userId: string | null; actorId: string | null; type: string; createdAt: Date; detail?: object; deviceId?: string };
const insert = (rows: Row[]) =>
  db.auditEvent.createMany({ data: rows.map((r) => ({ id: crypto.randomUUID(), detail: {}, ...r })) }).then(() => rows.length);

/** Every page from the newest to the oldest, then back up from the oldest with "Newer": both walks must agree. */
async function walk(actor: Actor, filter: AuditLogFilter) {
  const down = [await listAuditLog({ actor, filter })];
  while (down.at(-1)!.older) {
    down.push(await listAuditLog({ actor, filter, after: auditCursorSchema.parse(down.at(-1)!.older) }));
    expect(down.length).toBeLessThan(100);
  }
  const up = [down.at(-1)!];
  while (up.at(-1)!.newer) up.push(await listAuditLog({ actor, filter, before: auditCursorSchema.parse(up.at(-1)!.newer) }));
  const ids = (pages: typeof down) => pages.map((p) => p.items.map((i) => i.id));
  expect(ids(up).reverse()).toEqual(ids(down));
  expect(down[0]!.newest).toBe(true);
  expect(up.at(-1)!.newest).toBe(true);
  return down.flatMap((p) => p.items);
}

describe("listAuditLog", () => {
  it("refuses anyone but an administrator", async () => {
    const user = await createUser();
    const userActor: Actor = { userId: user.id, role: "USER", context: context() };
    await expect(listAuditLog({ actor: userActor, filter: {} })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(exportAuditLog({ actor: userActor, filter: {} })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Nor the name of the device a view is filtered to, even their own.
    const own = await db.device.create({ data: { userId: user.id, name: "Own laptop", type: "desktop" } });
    await expect(auditLogDevice({ actor: userActor, deviceId: own.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("names the device a view is filtered to, and whose it is, removed or not", async () => {
    const actor = await asAdmin();
    const carol = await createUser({ name: "Carol Example" });
    const phone = await db.device.create({ data: { userId: carol.id, name: "Carol's iPhone", type: "mobile" } });
    expect(await auditLogDevice({ actor, deviceId: phone.id })).toEqual({
      id: phone.id,
      name: "Carol's iPhone",
      deleted: false,
      owner: { id: carol.id, name: "Carol Example", email: carol.email },
    });
    await db.device.update({ where: { id: phone.id }, data: { deletedAt: new Date() } });
    expect(await auditLogDevice({ actor, deviceId: phone.id })).toMatchObject({ deleted: true });
    expect(await auditLogDevice({ actor, deviceId: crypto.randomUUID() })).toBeNull();
  });

  it("shows every user's events newest first, each naming who did what to whom", async () => {
    const actor = await asAdmin();
    const ada = await createUser({ role: "ADMIN", name: "Ada Admin" });
    const carol = await createUser({ name: "Carol Example" });
    const bob = await createUser({ name: "Bob Builder" });
    await db.authenticator.create({ data: { userId: carol.id, kind: "TOTP", name: "Phone", secretEnc: "v1.x" } });
    await signInWithPassword({
      credentials: { email: bob.email, password: TEST_PASSWORD },
      deviceToken: newDeviceToken(),
      context: context(browser.linux, "198.51.100.7"),
    });
    await resetOath({ actor: { userId: ada.id, role: "ADMIN", context: context() }, userId: carol.id });

    const bobs = await listAuditLog({ actor, filter: { subject: bob.email } });
    expect(bobs.items.map(describeAuditEvent)).toEqual(["Bob Builder signed in on Firefox on Linux (new device) from 198.51.100.7"]);
    expect(bobs.items[0]).toMatchObject({ type: "SIGN_IN", ip: "198.51.100.7", deviceName: "Firefox on Linux" });
    expect(bobs.items[0]!.subject).toEqual({ id: bob.id, name: "Bob Builder", email: bob.email });

    const adas = await listAuditLog({ actor, filter: { actor: ada.email } });
    expect(adas.items.map(describeAuditEvent)).toEqual(["Ada Admin reset Carol Example's authenticator apps"]);
    expect(adas.items[0]).toMatchObject({ actor: { id: ada.id, name: "Ada Admin" }, subject: { id: carol.id, name: "Carol Example" } });

    // Unfiltered, both are among the newest events.
    const newest = (await listAuditLog({ actor, filter: {} })).items.map((i) => i.id);
    expect(newest).toEqual(expect.arrayContaining([bobs.items[0]!.id, adas.items[0]!.id]));
  });

  it("filters by actor, subject, kind and dates, resolving the people fields to one account", async () => {
    const actor = await asAdmin();
    const tag = crypto.randomUUID().slice(0, 6);
    const admin = await createUser({ role: "ADMIN", name: `Quinn ${tag}` });
    const dora = await createUser({ name: `Dora ${tag}`, email: randomEmail(`dora${tag}`) });
    const dan = await createUser({ name: `Dan ${tag}` });
    const { at, filter: days } = ownDays(3);
    const doraPhone = await db.device.create({ data: { userId: dora.id, name: "Dora's phone" } });
    await insert([
      { userId: dora.id, actorId: dora.id, type: "SIGN_IN", createdAt: at(0, 1000) },
      { userId: dora.id, actorId: dora.id, type: "SIGN_IN", createdAt: at(0, 2000), deviceId: doraPhone.id } as Row,
      { userId: dora.id, actorId: dora.id, type: "API_TOKEN_CREATED", createdAt: at(1, 1000), detail: { name: "ci" } },
      { userId: dora.id, actorId: admin.id, type: "ADMIN_RESET_OATH", createdAt: at(2, 1000) },
      { userId: dan.id, actorId: dan.id, type: "SIGN_IN_FAILED", createdAt: at(2, 2000) },
      { userId: dan.id, actorId: admin.id, type: "DEVICE_UNTRUSTED", createdAt: at(2, 3000), detail: { sessionsEnded: 1 } },
      {
        userId: null,
        actorId: admin.id,
        type: "WEBHOOK_ENDPOINT_CREATED",
        createdAt: at(2, 4000),
        detail: { url: "https://hooks.example" },
      },
    ]);
    const types = async (filter: AuditLogFilter) =>
      (await listAuditLog({ actor, filter: { ...days, ...filter } })).items.map((i) => i.type);

    expect(await types({ subject: dora.email })).toEqual(["ADMIN_RESET_OATH", "API_TOKEN_CREATED", "SIGN_IN", "SIGN_IN"]);
    expect(await types({ subject: dora.id })).toEqual(["ADMIN_RESET_OATH", "API_TOKEN_CREATED", "SIGN_IN", "SIGN_IN"]);
    // One device (a device page's "See all in the audit log"), with its account or alone, with a kind or not.
    const onPhone = await listAuditLog({ actor, filter: { ...days, subject: dora.id, device: doraPhone.id } });
    expect(onPhone.items.map((i) => [i.type, i.deviceName])).toEqual([["SIGN_IN", "Dora's phone"]]);
    expect(await types({ device: doraPhone.id, kind: "sign-ins" })).toEqual(["SIGN_IN"]);
    expect(await types({ device: doraPhone.id, subject: dan.id })).toEqual([]);
    expect(await types({ subject: `DAN ${tag}` })).toEqual(["DEVICE_UNTRUSTED", "SIGN_IN_FAILED"]); // an exact name, any case
    expect(await types({ actor: `quinn ${tag}` })).toEqual(["WEBHOOK_ENDPOINT_CREATED", "DEVICE_UNTRUSTED", "ADMIN_RESET_OATH"]);
    expect(await types({ actor: `quinn ${tag}`, subject: `dora${tag}` })).toEqual(["ADMIN_RESET_OATH"]); // part of an email
    // The kinds of /activity; "by an administrator" is an actor other than the subject, installation-wide changes included.
    expect(await types({ kind: "sign-ins" })).toEqual(["SIGN_IN_FAILED", "SIGN_IN", "SIGN_IN"]);
    expect(await types({ kind: "tokens" })).toEqual(["API_TOKEN_CREATED"]);
    expect(await types({ kind: "admin" })).toEqual(["WEBHOOK_ENDPOINT_CREATED", "DEVICE_UNTRUSTED", "ADMIN_RESET_OATH"]);
    expect(await types({ kind: "sign-ins", subject: dan.email })).toEqual(["SIGN_IN_FAILED"]);
    expect(await types({ kind: "admin", subject: dan.email })).toEqual(["DEVICE_UNTRUSTED"]);
    // Whole UTC days, both ends included.
    expect(await types({ to: days.from })).toEqual(["SIGN_IN", "SIGN_IN"]);
    expect(await types({ from: days.to, kind: "sign-ins" })).toEqual(["SIGN_IN_FAILED"]);

    // Text that names several accounts lists a few to choose from and filters nothing in; unknown text matches nothing.
    const many = await listAuditLog({ actor, filter: { ...days, subject: tag } });
    expect(many.items).toEqual([]);
    expect(many.people.subject).toMatchObject({ status: "many", more: false });
    expect(many.people.subject?.status === "many" && many.people.subject.candidates.map((c) => c.id).sort()).toEqual(
      [admin.id, dora.id, dan.id].sort(),
    );
    // LIKE's wildcards in the text are taken literally: "_" names the one account with an underscore.
    const literal = await createUser({ name: `Lee_${tag}` });
    await createUser({ name: `LeeX${tag}` });
    const underscore = await listAuditLog({ actor, filter: { ...days, subject: `lee_${tag}` } });
    expect(underscore.people.subject).toMatchObject({ status: "found", person: { id: literal.id } });
    expect((await listAuditLog({ actor, filter: { ...days, subject: `%${tag}` } })).people.subject).toEqual({ status: "none" });
    const none = await listAuditLog({ actor, filter: { ...days, actor: `nobody-${tag}@nowhere.example` } });
    expect([none.items, none.people.actor]).toEqual([[], { status: "none" }]);

    const exported = await exportAuditLog({ actor, filter: { ...days, kind: "admin" } });
    expect(exported.map((i) => describeAuditEvent(i))).toEqual([
      `Quinn ${tag} added the webhook endpoint https://hooks.example`,
      `Quinn ${tag} signed out a device — 1 session ended`,
      `Quinn ${tag} reset Dora ${tag}'s authenticator apps`,
    ]);
  });

  it("pages by keyset in every query shape: no duplicates, no gaps, ties broken by id, the same pages both ways", async () => {
    const actor = await asAdmin();
    const admin = await createUser({ role: "ADMIN" });
    const users = [await createUser(), await createUser()];
    const phone = await db.device.create({ data: { userId: users[0]!.id, name: "Phone" } });
    const { at, filter: days } = ownDays();
    const kinds = ["SIGN_IN", "SIGN_OUT", "API_TOKEN_CREATED", "ADMIN_RESET_OATH", "SIGN_IN_FAILED"] as const;
    // Seven events share each instant, so page boundaries fall inside ties, broken by id.
    const rows = Array.from({ length: 5 * AUDIT_LOG_PAGE_SIZE + 17 }, (_, i) => {
      const type = kinds[i % kinds.length]!;
      const subject = users[i % 2]!;
      return {
        userId: subject.id,
        actorId: type === "ADMIN_RESET_OATH" ? admin.id : subject.id,
        type,
        createdAt: at(0, Math.floor(i / 7) * 1000),
        deviceId: i % 4 === 0 ? phone.id : undefined,
      };
    });
    await insert(rows);
    const newestFirst = (items: { createdAt: string; id: string }[]) =>
      items.every((x, i) => {
        const prev = items[i - 1];
        return !prev || prev.createdAt > x.createdAt || (prev.createdAt === x.createdAt && prev.id > x.id);
      });

    const shapes: [AuditLogFilter, (r: Row) => boolean][] = [
      [{}, () => true], // ("createdAt", id)
      [{ kind: "sign-ins" }, (r) => ["SIGN_IN", "SIGN_OUT", "SIGN_IN_FAILED"].includes(r.type)], // one walk per type, merged
      [{ kind: "admin" }, (r) => r.actorId !== r.userId], // the partial index
      [{ subject: users[0]!.email }, (r) => r.userId === users[0]!.id], // by subject
      [{ actor: users[1]!.email }, (r) => r.actorId === users[1]!.id], // by actor
      [{ device: phone.id }, (r) => r.deviceId === phone.id], // by device
    ];
    for (const [filter, matches] of shapes) {
      const all = await walk(actor, { ...days, ...filter });
      const what = JSON.stringify(filter);
      expect(all.length, what).toBeGreaterThan(AUDIT_LOG_PAGE_SIZE); // more than one page each
      expect(new Set(all.map((i) => i.id)).size, what).toBe(all.length);
      expect(all.length, what).toBe(rows.filter(matches).length);
      expect(newestFirst(all), what).toBe(true);
    }
  });

  it("takes only well-formed cursors, and a stale one pages on from where it was", async () => {
    const actor = await asAdmin();
    const user = await createUser();
    const { at, filter } = ownDays();
    await insert(
      Array.from({ length: 3 }, (_, i) => ({ userId: user.id, actorId: user.id, type: "SIGN_OUT", createdAt: at(0, i * 1000) })),
    );
    const [newest, middle] = (await listAuditLog({ actor, filter })).items;
    const cursor = encodeAuditCursor(middle!);
    expect(auditCursorSchema.parse(cursor)).toEqual({ createdAt: new Date(middle!.createdAt), id: middle!.id });
    for (const bad of ["", "x", cursor.slice(0, -3), `${cursor}!`, btoa("12.not-a-uuid"), btoa(`-5.${middle!.id}`), "a".repeat(200)]) {
      expect(auditCursorSchema.safeParse(bad).success, bad).toBe(false);
    }
    // The event a cursor came from may be gone: the position still holds.
    await db.auditEvent.delete({ where: { id: middle!.id } });
    const older = await listAuditLog({ actor, filter, after: auditCursorSchema.parse(cursor) });
    expect(older.items).toHaveLength(1);
    expect(older.newest).toBe(false);
    const back = await listAuditLog({ actor, filter, before: auditCursorSchema.parse(older.newer!) });
    expect(back.items.map((i) => i.id)).toEqual([newest!.id, older.items[0]!.id]);
    expect(back.newest).toBe(true);
  });
});
