import "server-only";
import { generateRegistrationOptions, verifyRegistrationResponse } from "@simplewebauthn/server";
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { db } from "@/server/db/client";
import { recordEvent } from "@/server/audit/record-event";
import type { Actor } from "@/server/audit/actor";
import { assertMayActFor } from "@/server/auth/assert-may-act-for";
import { AppError } from "@/server/errors";
import { openJson, sealJson } from "@/server/crypto/secret-box";
import { relyingParty } from "@/server/mfa/relying-party";
import { authenticatorNameSchema } from "@/lib/validation/security";

const PURPOSE = "passkey-registration";
const TTL_MS = 5 * 60 * 1000;

/** Registration options for the browser, and a sealed token that remembers the challenge. */
export async function startPasskeyRegistration({ userId, email, name }: { userId: string; email: string; name: string }) {
  const rp = await relyingParty();
  const existing = await db.authenticator.findMany({
    where: { userId, kind: "WEBAUTHN", credentialId: { not: null } },
    select: { credentialId: true, transports: true },
  });
  const options: PublicKeyCredentialCreationOptionsJSON = await generateRegistrationOptions({
    rpName: rp.rpName,
    rpID: rp.rpID,
    userName: email,
    userID: new TextEncoder().encode(userId),
    attestationType: "none",
    excludeCredentials: existing.map((c) => ({ id: c.credentialId!, transports: c.transports })),
    authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
  });
  const token = sealJson({ u: userId, c: options.challenge, e: Date.now() + TTL_MS, rp: rp.rpID, o: rp.origin, n: name }, PURPOSE);
  return { options, token };
}

/** Verifies the browser's attestation and saves the credential (its public key never leaves server/). */
export async function finishPasskeyRegistration({
  actor,
  userId,
  deviceId,
  token,
  response,
  name,
}: {
  actor: Actor;
  userId: string;
  deviceId: string | null;
  token: string;
  response: unknown;
  name: string;
}) {
  assertMayActFor(actor, userId, "User");
  const pending = openJson<{ u: string; c: string; e: number; rp: string; o: string }>(token, PURPOSE);
  if (!pending || pending.u !== userId || pending.e < Date.now())
    throw new AppError("INVALID_INPUT", "This passkey setup expired. Start again.");
  const parsedName = authenticatorNameSchema.safeParse(name);
  if (!parsedName.success) throw new AppError("INVALID_INPUT", parsedName.error.issues[0]?.message ?? "Invalid name");
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: response as RegistrationResponseJSON,
      expectedChallenge: pending.c,
      expectedOrigin: pending.o,
      expectedRPID: pending.rp,
      requireUserVerification: false,
    });
  } catch {
    throw new AppError("INVALID_INPUT", "The passkey could not be verified. Try again.");
  }
  if (!verification.verified) throw new AppError("INVALID_INPUT", "The passkey could not be verified. Try again.");
  const { credential } = verification.registrationInfo;
  return db.$transaction(async (tx) => {
    if (await tx.authenticator.findUnique({ where: { credentialId: credential.id }, select: { id: true } })) {
      throw new AppError("CONFLICT", "This passkey is already registered.");
    }
    const a = await tx.authenticator.create({
      data: {
        userId,
        deviceId,
        kind: "WEBAUTHN",
        name: parsedName.data,
        credentialId: credential.id,
        publicKey: new Uint8Array(credential.publicKey),
        signCount: credential.counter,
        transports: credential.transports ?? [],
      },
      select: { id: true, name: true },
    });
    await recordEvent(tx, {
      actorId: actor.userId,
      userId,
      deviceId,
      type: "PASSKEY_ADDED",
      context: actor.context,
      detail: { name: a.name },
    });
    return a;
  });
}
