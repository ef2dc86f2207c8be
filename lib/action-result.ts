/** What a server action answers: never a thrown error for expected refusals. */
export type ActionResult<T extends object = object> = ({ ok: true } & T) | { ok: false; error: string; signedOut?: boolean };

export type DeviceActionResult = ActionResult<{ changed: boolean; sessionsEnded: number; signedOut: boolean }>;
