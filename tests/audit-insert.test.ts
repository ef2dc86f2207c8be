// The hot paths write audit rows inside their one statement (auditInsertSql), everything else
// through Prisma (recordEvent): both must write the same row from the same input, since the
// audit triggers (security emails, webhooks) read the rows as they are.
import { describe, expect, it } from "vitest";
import { db, rawQuery } from "@/server/db/client";
import { recordEvent, type RecordEventInput } from "@/server/audit/record-event";
import { auditInsertParams, auditInsertSql } from "@/server/audit/audit-insert-sql";
import type { RequestContext } from "@/server/request-context";
import { createUser } from "./factories";

/** recordEvent's row written by one raw statement: $1 the user, $2 the detail, $3 the time. */
const SQL = auditInsertSql({ userId: "$1::uuid", detail: "$2::jsonb", at: "$3::timestamp", from: "" }, 4);

const columns = { actorId: true, userId: true, deviceId: true, type: true, ip: true, userAgent: true, detail: true } as const;

describe("auditInsertSql", () => {
  it.each<[string, RequestContext | undefined]>([
    ["a user, in the browser", { ip: "203.0.113.9", userAgent: "Firefox" }],
    ["a REST credential", { ip: "2001:db8::1", userAgent: "curl/8", via: "personal access token “CI”" }],
    ["no request at all", undefined],
  ])("writes the row recordEvent writes: %s", async (_, context) => {
    const user = await createUser();
    const input = { actorId: user.id, userId: user.id, type: "DEVICE_RENAMED", context, detail: { from: "a", to: "b" } } as const;
    await db.$transaction((tx) => recordEvent(tx, input satisfies RecordEventInput));
    await rawQuery(SQL, [user.id, JSON.stringify(input.detail), new Date().toISOString(), ...auditInsertParams(input)]);
    const rows = await db.auditEvent.findMany({ where: { userId: user.id }, select: columns });
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual(rows[0]);
    expect(rows[0]).toMatchObject({ ip: context?.ip ?? null, detail: { ...input.detail, ...(context?.via ? { via: context.via } : {}) } });
  });
});
