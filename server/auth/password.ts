import "server-only";
import bcrypt from "bcryptjs";

export const PASSWORD_HASH_COST = 12;

/**
 * Compared against when the email is unknown, so both cases take the same time (no enumeration).
 * A fixed hash of a random, discarded string at PASSWORD_HASH_COST (a test checks the cost): built
 * at run time, the first unknown email paid for hashing it too, and answered twice as slowly.
 */
export const DUMMY_HASH = "$2b$12$TNKvT7lH7n4Kawi9E9Al8.GM57dcpzkpCTdfv2NPzFZ7GkrCznB2W";

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, PASSWORD_HASH_COST);
}

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (hash) return bcrypt.compare(password, hash);
  await bcrypt.compare(password, DUMMY_HASH);
  return false;
}
