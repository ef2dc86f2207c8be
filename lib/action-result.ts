/** An expected refusal of a server action: shown to the user, never a thrown error. */
export type Refusal = {
  ok: false;
  error: string;
  /** The caller's session has ended: the page should go to /sign-in. */
  signedOut?: true;
  /** The form field the error is about, when it is about one. */
  field?: string;
  /** The action needs the password again (last checked over 10 minutes ago): ask, then retry with it. */
  stepUpRequired?: true;
};

/** What a server action answers. */
export type ActionResult<T extends object = object> = ({ ok: true } & T) | Refusal;

export const SESSION_ENDED = "Your session has ended. Sign in again.";
export const UNAVAILABLE = "Devicekeeper is temporarily unavailable. Nothing was changed; try again in a moment.";

/** A form's validation failure, naming the field it is about. */
export function invalidField(error: { issues: { path: PropertyKey[]; message: string }[] }): Refusal {
  const issue = error.issues[0];
  return { ok: false, error: issue?.message ?? "Invalid input", ...(issue?.path[0] !== undefined && { field: String(issue.path[0]) }) };
}

/**
 * What ending a device or a session answers; `endedCurrentSession` when it was the caller's own,
 * `apps` the apps those sessions were signed in to (they are signed out of them too).
 */
export type DeviceActionResult = ActionResult<{ changed: boolean; sessionsEnded: number; endedCurrentSession: boolean; apps: string[] }>;
