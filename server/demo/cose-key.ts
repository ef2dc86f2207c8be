import "server-only";
import crypto from "node:crypto";
import { isoCBOR } from "@simplewebauthn/server/helpers";

/**
 * A WebAuthn credential's public key as an authenticator registers it: the COSE_Key of a fresh
 * P-256 key pair (ES256; the private half is dropped). For demo data and test fixtures.
 */
export function es256CosePublicKey(): Uint8Array {
  const jwk = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" });
  // kty: EC2, alg: ES256, crv: P-256, x, y
  return isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, "base64url")],
      [-3, Buffer.from(jwk.y!, "base64url")],
    ]),
  );
}
