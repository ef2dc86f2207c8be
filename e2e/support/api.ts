// Fixtures for the REST API tests: tokens, devices and second factors made straight in the
// database, and a validator for responses against the app's own OpenAPI document.
import crypto from "node:crypto";
import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { sql } from "./db";

/** A WebAuthn credential's public key as an authenticator registers it (COSE, ES256 on P-256): a fixed fixture. */
const ES256_COSE_PUBLIC_KEY = Buffer.from(
  "a5010203262001215820547ec23cc1cdf14e63887c7098265ca75a3b7098a05c8331816e8ccf27fd30dc22582096f34c74c824ae69009e13c5ac26179f79fa2c651e299b3cdb5a6c9747ddaa6a",
  "hex",
);

export async function createToken(kind: "PERSONAL" | "SERVER", userId: string | null, { expiresAt = null as Date | null } = {}) {
  const token = `${kind === "PERSONAL" ? "pat" : "sk"}_${crypto.randomBytes(24).toString("base64url")}`;
  const id = crypto.randomUUID();
  await sql().query(
    `INSERT INTO "ApiToken" (id, kind, "userId", "createdById", name, "tokenHash", prefix, "expiresAt") VALUES ($1, $2, $3, $3, $4, $5, $6, $7)`,
    [id, kind, userId, `e2e ${kind.toLowerCase()}`, crypto.createHash("sha256").update(token).digest("hex"), token.slice(0, 8), expiresAt],
  );
  return { id, token };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
export const basic = (key: string) => ({ Authorization: `Basic ${Buffer.from(`${key}:`).toString("base64")}` });

export async function createDevice(userId: string, extra: { name?: string; trusted?: boolean; method?: string } = {}) {
  const id = crypto.randomUUID();
  await sql().query(
    `INSERT INTO "Device" (id, "userId", "cookieHash", name, type, "createdAt", "authenticatedAt", "lastSeenAt", "trustedAt", "rememberedUntil", "lastVerificationMethod")
     VALUES ($1, $2, $3, $4, 'desktop', now() - interval '3 days', now() - interval '1 hour', now(), $5, $6, $7)`,
    [
      id,
      userId,
      crypto.randomBytes(32).toString("hex"),
      extra.name ?? "API test device",
      extra.trusted ? new Date() : null,
      extra.trusted ? new Date(Date.now() + 86_400_000) : null,
      extra.method ?? null,
    ],
  );
  const sessionId = crypto.randomUUID();
  await sql().query(`INSERT INTO "Session" (id, "userId", "deviceId", "expiresAt") VALUES ($1, $2, $3, now() + interval '1 day')`, [
    sessionId,
    userId,
    id,
  ]);
  return { id, sessionId };
}

export async function createAuthenticator(userId: string, kind: "TOTP" | "PUSH" | "WEBAUTHN" | "BINDING", name = `${kind} e2e`) {
  const id = crypto.randomUUID();
  await sql().query(
    `INSERT INTO "Authenticator" (id, "userId", kind, name, "credentialId", "signCount", "platformDeviceId", "mechanismUid", "publicKey", "lastUsedAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() - interval '1 day')`,
    [
      id,
      userId,
      kind,
      name,
      kind === "WEBAUTHN" ? crypto.randomBytes(16).toString("base64url") : null,
      kind === "WEBAUTHN" ? 3 : null,
      kind === "BINDING" || kind === "PUSH" ? crypto.randomBytes(20).toString("hex") : null,
      kind === "BINDING" || kind === "PUSH" ? crypto.randomUUID() : null,
      kind === "WEBAUTHN" ? ES256_COSE_PUBLIC_KEY : kind === "BINDING" ? crypto.randomBytes(65) : null,
    ],
  );
  return id;
}

type Operation = { tags?: string[]; responses: Record<string, { content?: Record<string, unknown> }> };
export type Doc = { paths: Record<string, Record<string, Operation>> };

/** Checks responses against the running app's /api/v1/openapi.json. */
export class OpenApiValidator {
  private ajv = new Ajv2020({ strict: false, allErrors: true });
  private cache = new Map<string, ValidateFunction>();
  private constructor(readonly doc: Doc) {
    addFormats.default(this.ajv);
    this.ajv.addSchema(doc as object, "openapi");
  }

  static async load(request: APIRequestContext) {
    const res = await request.get("/api/v1/openapi.json");
    expect(res.status()).toBe(200);
    return new OpenApiValidator(await res.json());
  }

  /** The response's status is documented for the operation, and its JSON body matches the schema. */
  async expect(res: APIResponse, path: string, method: string, status: number): Promise<unknown> {
    expect(res.status(), `${method.toUpperCase()} ${path} → ${await res.text()}`).toBe(status);
    const op = this.doc.paths[path]?.[method];
    expect(op, `${method} ${path} is documented`).toBeTruthy();
    const response = op!.responses[String(status)];
    expect(response, `${method.toUpperCase()} ${path} documents ${status}`).toBeTruthy();
    expect(res.headers()["content-type"]).toMatch(/^application\/json/);
    const body = await res.json();
    const key = `${path} ${method} ${status}`;
    if (!this.cache.has(key)) {
      const pointer = ["paths", path, method, "responses", String(status), "content", "application/json", "schema"]
        .map((s) => encodeURIComponent(s.replaceAll("~", "~0").replaceAll("/", "~1")))
        .join("/");
      this.cache.set(key, this.ajv.compile({ $ref: `openapi#/${pointer}` }));
    }
    const validate = this.cache.get(key)!;
    expect(validate(body) ? null : validate.errors, `${key}: ${JSON.stringify(body)}`).toBeNull();
    return body;
  }
}
