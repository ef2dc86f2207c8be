/** Sensitive actions need the password (or a second factor) checked in the last 10 minutes. */
export const STEP_UP_WINDOW_MS = 10 * 60 * 1000;

/** Browsers ask for the password this long before the window ends (a password sent then is accepted anyway). */
export const STEP_UP_ASK_EARLY_MS = 20_000;

/** Whether a session verified at `verifiedAt` (epoch ms) should be asked for its password now. */
export const stepUpDue = (verifiedAt: number, now = Date.now()) => now >= verifiedAt + STEP_UP_WINDOW_MS - STEP_UP_ASK_EARLY_MS;
