import "server-only";
import { apiJson } from "@/server/api/http";
import { defineRoute, type RouteContext } from "@/server/api/route";
import { userOf } from "@/server/api/authenticate";
import {
  MAX_MOBILE_AUTHENTICATORS,
  registerMobileAuthenticator,
  type RegisterMobileInput,
} from "@/server/mfa/register-mobile-authenticator";
import { RegisteredMechanism } from "@/lib/api/schemas";
import { registerBindingSchema, registerPushSchema } from "@/lib/validation/mobile-authenticators";

/*
 * Devicekeeper's own: a mobile authenticator app registers as the user — their personal access
 * token, or a signed-in browser's session (same-origin only; the JSON content type the body must
 * declare keeps plain cross-site forms out as well).
 */
const common = {
  method: "POST",
  family: "authsignal",
  audience: "user",
  sessionCookie: "read-write",
  doc: {
    tags: ["Mobile authenticators"],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    responses: { 201: { description: "Registered.", schema: RegisteredMechanism } },
    errors: [409],
  },
} as const;

/** The app registers as the user it authenticates as, tied to the device that user signed in on (if any). */
async function register({ principal, actor }: Pick<RouteContext<unknown, unknown>, "principal" | "actor">, input: RegisterMobileInput) {
  const user = userOf(principal);
  return apiJson(await registerMobileAuthenticator({ actor, userId: user.userId, deviceId: user.deviceId ?? null, input }), 201);
}

const cap = (what: string) => `A user has at most ${MAX_MOBILE_AUTHENTICATORS} ${what}: one more is a 409 (remove one first).`;

export const mobileAuthenticatorRoutes = [
  defineRoute({
    ...common,
    path: "/api/v1/mfa/push",
    body: registerPushSchema,
    failure: "The push authenticator could not be registered.",
    doc: {
      ...common.doc,
      operationId: "registerPushAuthenticator",
      summary: "Register for push sign-in approvals",
      description:
        "Called by a mobile authenticator app as the user (their personal access token, or a signed-in session). The push token is stored encrypted. " +
        cap("push authenticators"),
    },
    handle: ({ principal, actor, body }) => register({ principal, actor }, { kind: "PUSH", data: body }),
  }),
  defineRoute({
    ...common,
    path: "/api/v1/mfa/binding",
    body: registerBindingSchema,
    failure: "The device could not be bound.",
    doc: {
      ...common.doc,
      operationId: "registerBoundDevice",
      summary: "Bind a device key pair",
      description:
        "Called by a mobile authenticator app as the user. Only the public key is sent; the private key stays on the device. " +
        cap("bound devices"),
    },
    handle: ({ principal, actor, body }) => register({ principal, actor }, { kind: "BINDING", data: body }),
  }),
];
