// Direct database access for assertions and setup: the PostgreSQL database of this run, or the
// embedded PGlite of the running app through its loopback socket.
import crypto from "node:crypto";
import bcrypt from "bcryptjs";
import pg from "pg";

let pool: pg.Pool | undefined;
export function sql() {
  pool ??= new pg.Pool({ connectionString: process.env.E2E_DATABASE_URL, max: 2 });
  return pool;
}

export const PASSWORD = "e2e password 1234";
const cheapHash = bcrypt.hashSync(PASSWORD, 4);

export type TestUser = { id: string; email: string; name: string; password: string };

/** Each test makes its own user, so tests never share state. */
export async function createUser({
  role = "USER",
  name = "Erin Tester",
}: { role?: "USER" | "ADMIN"; name?: string } = {}): Promise<TestUser> {
  const id = crypto.randomUUID();
  const email = `e2e-${id.slice(0, 8)}@test.example`;
  await sql().query(`INSERT INTO "User" (id, email, name, role, "passwordHash", "updatedAt") VALUES ($1, $2, $3, $4, $5, now())`, [
    id,
    email,
    name,
    role,
    cheapHash,
  ]);
  return { id, email, name, password: PASSWORD };
}

export async function devicesOf(userId: string) {
  const { rows } = await sql().query<{ id: string; name: string; deletedAt: Date | null }>(
    `SELECT id, name, "deletedAt" FROM "Device" WHERE "userId" = $1 ORDER BY "createdAt"`,
    [userId],
  );
  return rows;
}

export async function sessionsOf(userId: string) {
  const { rows } = await sql().query<{ id: string; deviceId: string; revokedAt: Date | null; revokedReason: string | null }>(
    `SELECT id, "deviceId", "revokedAt", "revokedReason" FROM "Session" WHERE "userId" = $1 ORDER BY "createdAt"`,
    [userId],
  );
  return rows;
}
