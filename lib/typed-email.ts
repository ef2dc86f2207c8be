// The address typed on the sign-in page, carried to "Forgot your password?" and back in this tab
// only (sessionStorage), never in a URL: nobody types it twice, and no log or history keeps it.
// Forgotten once signed in, so the next person at a shared browser does not find it.
const KEY = "dk.typed-email";

export function keepTypedEmail(email: string): void {
  try {
    // A field cleared on purpose is not filled again on the next page.
    if (email.trim()) sessionStorage.setItem(KEY, email.trim());
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage refused (private mode, a policy): the field is simply empty next time.
  }
}

export function typedEmail(): string {
  try {
    return sessionStorage.getItem(KEY) ?? "";
  } catch {
    return "";
  }
}

export function forgetTypedEmail(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // As above.
  }
}

/**
 * Fills an empty email field with the address typed on the page before, after hydration (the
 * server cannot know it). Returns whether it did, so the caller can move the focus on.
 */
export function fillTypedEmail(field: HTMLInputElement | null | undefined): boolean {
  const email = typedEmail();
  if (!field || field.value || !email) return false;
  field.value = email;
  return true;
}
