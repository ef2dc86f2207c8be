import "server-only";
import { generateAuthenticationOptions, verifyAuthenticationResponse } from "@simplewebauthn/server";
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import type { Tx } from "@/server/db/client";
import { openJson, sealJson } from "@/server/crypto/secret-box";
import { relyingParty } from "@/server/mfa/relying-party";

const PURPOSE = "passkey-authentication";
const TTL_MS = 5 * 60 * 1000;

/** Options to ask the browser for one of the user's passkeys, and the sealed challenge to check it against. */
export async function passkeyAuthenticationOptions(tx: Tx, userId: string) {
  const rp = await relyingParty();
  const creds = await tx.authenticator.findMany({
    where: { userId, kind: "WEBAUTHN", credentialId: { not: null } },
    select: { credentialId: true, transports: true },
  });
  const options = await generateAuthenticationOptions({
    rpID: rp.rpID,
    allowCredentials: creds.map((c) => ({ id: c.credentialId!, transports: c.transports as never })),
    userVerification: "discouraged", // a second factor after the password
  });
  return {
    options,
    sealedChallenge: sealJson({ u: userId, c: options.challenge, e: Date.now() + TTL_MS, rp: rp.rpID, o: rp.origin }, PURPOSE),
  };
}

/**
 * Checks an assertion against the user's stored credential; a sign count that does not grow
 * (a cloned authenticator) is refused. Returns true and records the use, or false.
 */
export async function verifyPasskeyAssertion(
  tx: Tx,
  { userId, sealedChallenge, response, now }: { userId: string; sealedChallenge: string | undefined; response: string; now: Date },
): Promise<boolean> {
  const pending = openJson<{ u: string; c: string; e: number; rp: string; o: string }>(sealedChallenge, PURPOSE);
  if (!pending || pending.u !== userId || pending.e < now.getTime()) return false;
  let assertion: AuthenticationResponseJSON;
  try {
    assertion = JSON.parse(response);
  } catch {
    return false;
  }
  const stored = await tx.authenticator.findFirst({ where: { userId, kind: "WEBAUTHN", credentialId: String(assertion?.id ?? "") } });
  if (!stored?.publicKey || !stored.credentialId) return false;
  try {
    const result = await verifyAuthenticationResponse({
      response: assertion,
      expectedChallenge: pending.c,
      expectedOrigin: pending.o,
      expectedRPID: pending.rp,
      credential: {
        id: stored.credentialId,
        publicKey: new Uint8Array(stored.publicKey),
        counter: stored.signCount ?? 0,
        transports: stored.transports,
      },
      requireUserVerification: false,
    });
    if (!result.verified) return false;
    const { newCounter } = result.authenticationInfo;
    const { count } = await tx.authenticator.updateMany({
      // Counters of 0 mean "not supported"; otherwise it must grow, atomically.
      where: { id: stored.id, ...(newCounter > 0 ? { OR: [{ signCount: null }, { signCount: { lt: newCounter } }] } : {}) },
      data: { signCount: newCounter, lastUsedAt: now },
    });
    return count === 1;
  } catch {
    return false;
  }
}
