// The webhook events and their meanings, safe in the browser (no zod): the admin form lists them;
// the input schemas are in lib/validation/webhooks.ts.

/** Every event a webhook endpoint can receive, with what it means (shown in the admin UI and the API docs). */
export const WEBHOOK_EVENTS = {
  "session.created": "Someone signed in: a new session started.",
  "session.revoked":
    "A session ended: signed out, revoked, its device signed out, treated as new or removed (untrusted, invalidated, deleted), the user disabled, the password changed, or it expired.",
  "device.created": "A new device signed in for the first time (or again after it was invalidated).",
  "device.renamed": "A device was renamed.",
  "device.untrusted": "A device was signed out (untrusted): its sessions ended and it is no longer trusted or remembered.",
  "device.invalidated": "A device was signed out and treated as new (invalidated): its next sign-in counts as a new device.",
  "device.deleted": "A device was removed (deleted) from the user's devices.",
  "mfa.authenticator.added": "A second factor was added: authenticator app, passkey, push, device binding or recovery codes.",
  "mfa.authenticator.removed": "The user removed a second factor.",
  "mfa.authenticator.reset": "An administrator reset a user's second factors of one kind.",
  "user.disabled": "An administrator disabled a user.",
  "user.enabled": "An administrator enabled a user again.",
  "api_token.created": "A personal access token or server key was created.",
  "api_token.revoked": "A personal access token or server key was revoked.",
  "app.authorized": "A user allowed an app to sign them in with Devicekeeper (consent given, or a first-party app's first sign-in).",
  "app.access_removed": "A user's access to an app was removed: the app was signed out on every device of theirs.",
  "app.token_replayed":
    "An app's spent refresh token or sign-in code was used again (a copy may be in other hands): everything from that sign-in was revoked.",
} as const;
export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;
export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];
/** Sent by "Send test event" only, whatever the endpoint subscribed to. */
export const WEBHOOK_TEST_EVENT = "webhook.test";

/** Does an endpoint's pattern ("*", "session.*", "mfa.authenticator.*" or an exact type) cover this type? */
export function matchesEventPattern(pattern: string, type: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith(".*")) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}
