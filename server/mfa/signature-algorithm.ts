import "server-only";
import { COSEALG, cose, decodeCredentialPublicKey } from "@simplewebauthn/server/helpers";

/** Java's names for the COSE algorithms, as Ping Identity AIC reports a WebAuthn device's `algorithm`. */
const JAVA_NAMES: Partial<Record<number, string>> = {
  [COSEALG.ES256]: "SHA256withECDSA",
  [COSEALG.ES384]: "SHA384withECDSA",
  [COSEALG.ES512]: "SHA512withECDSA",
  [COSEALG.RS256]: "SHA256withRSA",
  [COSEALG.RS384]: "SHA384withRSA",
  [COSEALG.RS512]: "SHA512withRSA",
  [COSEALG.RS1]: "SHA1withRSA",
  [COSEALG.EdDSA]: "Ed25519",
};

/** The signature algorithm a WebAuthn credential's COSE public key names (its `alg`), or null if it names none known. */
export function signatureAlgorithmOf(cosePublicKey: Uint8Array): string | null {
  try {
    const key: unknown = decodeCredentialPublicKey(new Uint8Array(cosePublicKey));
    const alg = key instanceof Map ? (key as cose.COSEPublicKey).get(cose.COSEKEYS.alg) : undefined;
    return (alg !== undefined && JAVA_NAMES[alg]) || null;
  } catch {
    return null;
  }
}
