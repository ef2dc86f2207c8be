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

/** The id of a user by address (the demo's alice, bob, carol). */
export const userIdOf = async (email: string) =>
  (await sql().query<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [email])).rows[0]!.id;

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

/**
 * An app (new, first-party, named `appName`) signed in on the user's latest session with `scope` —
 * of those from `ip`, when given (a demo user other tests sign in as too): its grant bound to that
 * session, as the OpenID provider records one. For the pages that name an app or the apps an action
 * signs out; e2e/oidc.spec.ts signs in through the provider itself.
 */
export async function signInToApp(userId: string, appName: string, { scope = "openid", ip }: { scope?: string; ip?: string } = {}) {
  await sql().query(
    `WITH app AS (INSERT INTO "OidcClient" (id, name, "redirectUris", "postLogoutRedirectUris", "firstParty", scopes, "updatedAt")
                  VALUES (gen_random_uuid(), $2, '{https://app.example.com/cb}', '{}', true, string_to_array($3, ' '), now()) RETURNING id)
     INSERT INTO "OidcPayload" (model, id, payload, "accountId", "clientId", "dkSessionId", "expiresAt")
     SELECT 'Grant', gen_random_uuid()::text,
            jsonb_build_object('accountId', s."userId", 'clientId', app.id, 'openid', jsonb_build_object('scope', $3::text)),
            s."userId", app.id, s.id, now() + interval '1 day'
       FROM app, (SELECT id, "userId" FROM "Session" WHERE "userId" = $1 AND ($4::text IS NULL OR ip = $4) ORDER BY "createdAt" DESC LIMIT 1) s`,
    [userId, appName, scope, ip ?? null],
  );
}
