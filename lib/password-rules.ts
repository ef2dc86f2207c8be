/** What a new password must be (checked on the server by server/auth/password-strength.ts), in the words every form uses. */
export const MIN_PASSWORD_LENGTH = 10;
export const NEW_PASSWORD_HINT = `At least ${MIN_PASSWORD_LENGTH} characters, hard to guess: a few unrelated words work well.`;
