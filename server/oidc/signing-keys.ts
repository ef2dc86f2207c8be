import "server-only";
import crypto from "node:crypto";
import { db } from "@/server/db/client";
import { open, seal } from "@/server/crypto/secret-box";
import { envNumber } from "@/server/config";

/** A private signing key as the provider takes it (JWK), with its id and algorithm. */
export type SigningJwk = crypto.JsonWebKey & { kid: string; alg: "RS256"; use: "sig" };

/** What a signing key is sealed for (server/crypto/secret-box.ts). */
export const SIGNING_KEY_PURPOSE = "oidc-signing-key";

/** How long a rotated-out key stays in the JWKS, for tokens it signed (OIDC_KEY_OVERLAP_DAYS, default 7). */
export const keyOverlapMs = (env = process.env) => envNumber(env.OIDC_KEY_OVERLAP_DAYS, 7) * 86_400_000;

function newKey(): { kid: string; jwk: SigningJwk } {
  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = crypto.randomBytes(12).toString("base64url");
  return { kid, jwk: { ...privateKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" } };
}

/**
 * Stores a key made beforehand: an RSA key takes a while to generate on a busy machine, and inside
 * the transaction it held the advisory lock and ran into the transaction's time limit (on CI's
 * PostgreSQL pass the rotation's transaction expired, its connection was left idle in transaction,
 * and the test process could not close its pool).
 */
async function insertKey(tx: Pick<typeof db, "oidcSigningKey">, { kid, jwk }: ReturnType<typeof newKey>, now = new Date()): Promise<void> {
  await tx.oidcSigningKey.create({ data: { kid, alg: jwk.alg, jwkEnc: seal(JSON.stringify(jwk), SIGNING_KEY_PURPOSE), createdAt: now } });
}

/** The keys that are published at `now`: the unretired ones (newest first), then those retired within the overlap. */
const publishedWhere = (now: Date) => ({ OR: [{ retiredAt: null }, { retiredAt: { gt: new Date(now.getTime() - keyOverlapMs()) } }] });
const signingOrder = <T extends { retiredAt: Date | null }>(rows: T[]) => [
  ...rows.filter((r) => r.retiredAt === null),
  ...rows.filter((r) => r.retiredAt !== null),
];

/**
 * The provider's keys, the one that signs first: the newest unretired key, then keys retired within
 * the overlap window (still published, so tokens they signed verify). The first start makes one;
 * instances starting together make one between them (an advisory lock).
 */
export async function loadSigningKeys(now = new Date()): Promise<SigningJwk[]> {
  const read = () => db.oidcSigningKey.findMany({ where: publishedWhere(now), orderBy: [{ createdAt: "desc" }] });
  let rows = await read();
  if (!rows.some((r) => r.retiredAt === null)) {
    const key = newKey();
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(72707371)`;
      if (!(await tx.oidcSigningKey.count({ where: { retiredAt: null } }))) await insertKey(tx, key, now);
    });
    rows = await read();
  }
  loaded = signingOrder(rows).map((r) => {
    const jwk = open(r.jwkEnc, SIGNING_KEY_PURPOSE);
    if (!jwk) throw new Error(`The OpenID signing key ${r.kid} cannot be opened with AUTH_SECRET or AUTH_SECRET_PREVIOUS.`);
    return JSON.parse(jwk) as SigningJwk;
  });
  return loaded;
}

let loaded: SigningJwk[] | null = null;

/** The key this process signs with (the one the provider signs ID tokens with): logout tokens use it too. */
export async function currentSigningKey(): Promise<SigningJwk> {
  return (loaded ?? (await loadSigningKeys()))[0]!;
}

/**
 * Whether the keys this process loaded are no longer the ones to publish at `now`: another process
 * rotated them (`npm run oidc:rotate-keys`), or a retired key's overlap is over. One indexed read.
 */
export async function signingKeysChanged(now = new Date()): Promise<boolean> {
  if (!loaded) return false;
  const rows = await db.oidcSigningKey.findMany({
    where: publishedWhere(now),
    orderBy: [{ createdAt: "desc" }],
    select: { kid: true, retiredAt: true },
  });
  const kids = signingOrder(rows).map((r) => r.kid);
  return kids.length > 0 && kids.join(" ") !== loaded.map((k) => k.kid).join(" ");
}

/** The channel a rotation notifies, so every running instance loads the new key at once (server/oidc/provider.ts). */
export const KEYS_CHANNEL = "devicekeeper_oidc_keys";

export type Rotation = {
  /** The new key's id: it signs from now on. */
  created: string;
  /** The keys it replaces (normally one), published until `publishedUntil`. */
  retired: string[];
  publishedUntil: Date;
};

/**
 * `npm run oidc:rotate-keys`: a new key signs from now on (running instances are notified and
 * switch at once); the current one is retired but stays published for the overlap window
 * (OIDC_KEY_OVERLAP_DAYS), so tokens it signed still verify. Keys past their overlap are deleted.
 */
export async function rotateSigningKey(now = new Date()): Promise<Rotation> {
  const key = newKey();
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(72707371)`;
    const current = await tx.oidcSigningKey.findMany({ where: { retiredAt: null }, select: { kid: true } });
    await tx.oidcSigningKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: now } });
    await insertKey(tx, key, new Date(now.getTime() + 1));
    const created = await tx.oidcSigningKey.findFirstOrThrow({ where: { retiredAt: null }, select: { kid: true } });
    // Keys past the overlap can go: nothing they signed is still valid.
    await tx.oidcSigningKey.deleteMany({ where: { retiredAt: { lt: new Date(now.getTime() - keyOverlapMs()) } } });
    await tx.$executeRaw`SELECT pg_notify(${KEYS_CHANNEL}, '')`;
    return { created: created.kid, retired: current.map((k) => k.kid), publishedUntil: new Date(now.getTime() + keyOverlapMs()) };
  });
}
