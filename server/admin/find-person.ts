import "server-only";
import { z } from "zod";
import { db, escapeLike } from "@/server/db/client";
import type { AuditLogPerson, PersonMatch } from "@/lib/audit-log";

const person = { id: true, name: true, email: true } as const;
/** How many accounts an ambiguous text lists to choose from. */
const CANDIDATES = 5;

/**
 * The account an administrator means by some text: a user id, an exact email, a unique exact
 * name, or the only account whose email or name contains it (case-insensitive). Several → a few
 * to choose from; an id, not a guess, is what the audit log is then filtered by.
 */
export async function findPerson(text: string): Promise<PersonMatch> {
  const q = text.trim();
  const found = (p: AuditLogPerson | null): PersonMatch => (p ? { status: "found", person: p } : { status: "none" });
  if (z.uuid().safeParse(q).success) return found(await db.user.findUnique({ where: { id: q }, select: person }));
  const byEmail = await db.user.findUnique({ where: { email: q.toLowerCase() }, select: person });
  if (byEmail) return found(byEmail);
  // Prisma reads both as ILIKE patterns: the text's own % and _ are escaped to mean themselves.
  const like = escapeLike(q);
  const byName = await db.user.findMany({ where: { name: { equals: like, mode: "insensitive" } }, take: 2, select: person });
  if (byName.length === 1) return found(byName[0]!);
  const matches = await db.user.findMany({
    where: { OR: [{ email: { contains: like, mode: "insensitive" } }, { name: { contains: like, mode: "insensitive" } }] },
    orderBy: { email: "asc" },
    take: CANDIDATES + 1,
    select: person,
  });
  if (matches.length === 1) return found(matches[0]!);
  if (!matches.length) return { status: "none" };
  return { status: "many", candidates: matches.slice(0, CANDIDATES), more: matches.length > CANDIDATES };
}
