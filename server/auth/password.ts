import "server-only";
import bcrypt from "bcryptjs";

const COST = 12;

// Compared against when the email is unknown, so both cases take the same time (no enumeration).
let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (hash) return bcrypt.compare(password, hash);
  dummyHash ??= bcrypt.hash("not-a-password", COST);
  await bcrypt.compare(password, await dummyHash);
  return false;
}
