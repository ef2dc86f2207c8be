/** What a server action answers: never a thrown error for expected refusals. */
export type ActionResult<T extends object = object> =
  | ({ ok: true } & T)
  | {
      ok: false; error: string; signedOut?: boolean; /** The form field the error is about, when it is about one. */ field?: string;
      /** The action needs the password again (last checked over 10 minutes ago): ask, then retry with it. */
      stepUpRequired?: true;
    };

/** A form's validation failure, naming the field it is about. */
export function invalidField(error: { issues: { path: PropertyKey[]; message: string }[] }): { ok: false; error: string; field?: string } {
  const issue = error.issues[0];
  return { ok: false, error: issue?.message ?? "Invalid input", field: issue?.path[0] === undefined ? undefined : String(issue.path[0]) };
}

export type DeviceActionResult = ActionResult<{ changed: boolean; sessionsEnded: number; signedOut: boolean }>;
