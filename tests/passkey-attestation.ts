import crypto from "node:crypto";
import { isoCBOR } from "@simplewebauthn/server/helpers";
import { es256CosePublicKey } from "@/server/demo/cose-key";

/**
 * What a browser answers to a passkey registration (navigator.credentials.create), from an
 * authenticator without attestation ("none"): enough for verifyRegistrationResponse to accept.
 */
export function passkeyRegistrationResponse({ challenge, rpID, origin }: { challenge: string; rpID: string; origin: string }) {
  const credentialId = crypto.randomBytes(16);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(credentialId.length);
  const authData = Buffer.concat([
    crypto.createHash("sha256").update(rpID).digest(),
    Buffer.from([0x41]), // user present, attested credential data included
    Buffer.alloc(4), // signature counter
    Buffer.alloc(16), // AAGUID
    length,
    credentialId,
    es256CosePublicKey(),
  ]);
  const attestationObject = isoCBOR.encode(
    new Map<string, string | Map<string, string> | Uint8Array>([
      ["fmt", "none"],
      ["attStmt", new Map<string, string>()],
      ["authData", new Uint8Array(authData)],
    ]),
  );
  const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.create", challenge, origin }));
  return {
    id: credentialId.toString("base64url"),
    rawId: credentialId.toString("base64url"),
    type: "public-key",
    response: {
      clientDataJSON: clientDataJSON.toString("base64url"),
      attestationObject: Buffer.from(attestationObject).toString("base64url"),
    },
    clientExtensionResults: {},
  };
}
