import "server-only";
import { keyedHash, keyedHashes } from "@/server/crypto/secret-box";

// Recovery codes as they are stored: kept apart from recovery-codes.ts (which holds the database
// client) so the demo data can hash its codes before a command has pointed the client at its database.

export const RECOVERY_CODE_COUNT = 10;

export const normaliseRecoveryCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, "");
export const hashRecoveryCode = (code: string) => keyedHash(normaliseRecoveryCode(code), "recovery-code");
/** What a stored code may be hashed as: under AUTH_SECRET or one being rotated out. */
export const recoveryCodeHashes = (code: string) => keyedHashes(normaliseRecoveryCode(code), "recovery-code");
