import { z } from "zod";
import { APP_NAME_MISSING, APP_SCOPE_NAMES, atLeastOne, type AppScope } from "@/lib/apps";

/** A field's own words when it is missing or of the wrong type (zod's would be "Invalid input: expected string, received undefined"). */
const said = (missing: string, wrongType: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? missing : wrongType),
});

const uri = (what: string) =>
  z
    .string(said(`Enter the ${what}`, `Enter the ${what} as a string`))
    .trim()
    .max(2048, { error: "Use at most 2048 characters" })
    .refine((s) => URL.canParse(s) && ["http:", "https:"].includes(new URL(s).protocol), {
      // Which one, as given: the form takes several, one per line.
      error: (issue) => `Enter the ${what} as an http:// or https:// URL, not “${String(issue.input).slice(0, 80)}”`,
    })
    .refine((s) => !URL.canParse(s) || !new URL(s).hash, { error: `A ${what} has no #fragment` })
    // A host is named in full: "https://*.example.com" is no pattern here (redirect URIs match exactly).
    .refine((s) => !URL.canParse(s) || !new URL(s).hostname.includes("*"), { error: `A ${what} names its host in full, without *` })
    .refine((s) => !URL.canParse(s) || (!new URL(s).username && !new URL(s).password), { error: "Leave credentials out of the URL" });

const uriList = (what: string, min: number) =>
  z
    .array(uri(what), said(atLeastOne(what), `Enter the ${what}s as a list of strings`))
    .min(min, { error: atLeastOne(what) })
    .max(10, { error: `At most 10 ${what}s` })
    .transform((list) => [...new Set(list)]);

/**
 * An app as an administrator registers it (the admin form uses these names; POST /api/v1/apps takes
 * the same fields in snake_case, as OpenID Connect client registration names them: lib/api/schemas.ts).
 * Redirect URIs match exactly; https in production, loopback only in development or where
 * WEBHOOKS_ALLOW_PRIVATE=1 (checked on the server: server/oidc/app-uri-policy.ts).
 */
export const appInputSchema = z.object({
  name: z
    .string(said(APP_NAME_MISSING, "Enter the app's name as a string"))
    .trim()
    .min(1, { error: APP_NAME_MISSING })
    .max(64, { error: "Use at most 64 characters" })
    .meta({
      description: "The app's name, as users see it on the consent page and on their Apps page.",
      example: "Wiki",
    }),
  confidential: z.boolean(said("Say whether the app is confidential", "Use true or false")).default(true).meta({
    description: "true: a server-side app that keeps a client secret; false: a public app (single-page or native), which must use PKCE.",
  }),
  redirectUris: uriList("redirect URI", 1).meta({
    description: "Where users return after signing in (exact match).",
    example: ["https://wiki.example.com/oauth/callback"],
  }),
  postLogoutRedirectUris: uriList("post-logout redirect URI", 0)
    .default([])
    .meta({ description: "Where users may return after signing out through Devicekeeper (exact match)." }),
  backchannelLogoutUri: uri("back-channel logout URI").nullable().default(null).meta({
    description: "Where Devicekeeper POSTs a signed logout token when a session the app signed in from ends (OpenID Back-Channel Logout).",
    example: "https://wiki.example.com/oauth/backchannel-logout",
  }),
  firstParty: z
    .boolean(said("Say whether the app is first-party", "Use true or false"))
    .default(false)
    .meta({ description: "The organisation's own app: its users are not asked for consent." }),
  scopes: z
    .array(z.enum(APP_SCOPE_NAMES as [AppScope, ...AppScope[]]))
    .transform((s) => [...new Set<AppScope>(["openid", ...s])])
    .default(["openid", "profile", "email"])
    .meta({ description: "What the app may ask for; openid is always included.", example: ["openid", "profile", "email"] }),
});
export type AppInput = z.input<typeof appInputSchema>;
export type AppData = z.output<typeof appInputSchema>;

export const appIdSchema = z.uuid({ error: "Invalid app id" });

/** An app as administrators and the API see it: never its secret. */
export type AppSummary = {
  id: string;
  clientId: string;
  name: string;
  confidential: boolean;
  secretPrefix: string | null;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  firstParty: boolean;
  scopes: string[];
  enabled: boolean;
  createdAt: string;
  /** Sign-ins through it in the last 30 days. */
  signIns30d: number;
};
