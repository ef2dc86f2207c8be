import "server-only";
import { AppError } from "@/server/errors";
import { webhookUrlProblem, privateAddressesAllowed } from "@/server/webhooks/ssrf-guard";
import type { AppData } from "@/lib/validation/apps";
import type { LogoutUriScope } from "@/lib/apps";

type UriField = "redirectUris" | "postLogoutRedirectUris" | "backchannelLogoutUri";

/**
 * An address the policy refuses, naming the form field it is in, so the form can mark it. The
 * message names the field as the form does; `problem` alone is for callers that name it themselves.
 */
export class AppUriError extends AppError {
  constructor(
    readonly field: UriField,
    readonly problem: string,
  ) {
    super("INVALID_INPUT", field === "backchannelLogoutUri" ? `Back-channel logout URI: ${problem}` : problem);
  }
}

/**
 * The field as POST /api/v1/apps names it ("redirect_uris"). Not its place in the list: the list is
 * deduplicated before it gets here, so a place would be off; the message quotes the address itself.
 */
export const apiFieldOf = (e: AppUriError): string =>
  ({ redirectUris: "redirect_uris", postLogoutRedirectUris: "post_logout_redirect_uris", backchannelLogoutUri: "backchannel_logout_uri" })[
    e.field
  ];

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Why a redirect URI may not be registered, or null. In production: https, and loopback (an app
 * on this machine) only where private addresses are allowed (WEBHOOKS_ALLOW_PRIVATE=1, as for
 * webhooks); in development anything http(s).
 */
export function redirectUriProblem(raw: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const url = new URL(raw);
  if (env.NODE_ENV !== "production") return null;
  if (LOOPBACK.has(url.hostname))
    return privateAddressesAllowed(env)
      ? null
      : `${raw}: a loopback address is allowed only in development or with WEBHOOKS_ALLOW_PRIVATE=1`;
  return url.protocol === "https:" ? null : `${raw}: use an https:// URL`;
}

/**
 * A back-channel logout URI on this machine (localhost, 127.0.0.1, [::1]) under `npm run dev`: an
 * app a developer runs beside Devicekeeper (examples/relying-app) is told of logouts without
 * opening the webhook address guard for everything else. In production loopback needs
 * WEBHOOKS_ALLOW_PRIVATE=1, as for webhooks.
 */
export const loopbackInDevelopment = (raw: string, env: NodeJS.ProcessEnv = process.env): boolean =>
  env.NODE_ENV !== "production" && URL.canParse(raw) && LOOPBACK.has(new URL(raw).hostname);

/** Which back-channel logout URIs this server accepts, for the form to say so: the policy above in one word. */
export function logoutUriScope(env: NodeJS.ProcessEnv = process.env): LogoutUriScope {
  if (privateAddressesAllowed(env)) return "any";
  return env.NODE_ENV !== "production" ? "public-or-loopback" : "public";
}

/**
 * Why this app may not be saved as it is, and in which field, or null: its redirect URIs, and its
 * back-channel logout URI through the webhook address guard.
 */
export async function appUrisProblem(
  app: Partial<Pick<AppData, UriField>>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ field: UriField; message: string } | null> {
  for (const field of ["redirectUris", "postLogoutRedirectUris"] as const) {
    for (const uri of app[field] ?? []) {
      const message = redirectUriProblem(uri, env);
      if (message) return { field, message };
    }
  }
  if (app.backchannelLogoutUri && !loopbackInDevelopment(app.backchannelLogoutUri, env)) {
    const problem = await webhookUrlProblem(app.backchannelLogoutUri, { env });
    if (problem) return { field: "backchannelLogoutUri", message: problem };
  }
  return null;
}

/** Throws AppUriError (INVALID_INPUT, with its field) when the policy refuses one of the addresses given. */
export async function assertAppUrisAllowed(app: Partial<Pick<AppData, UriField>>, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const problem = await appUrisProblem(app, env);
  if (problem) throw new AppUriError(problem.field, problem.message);
}
