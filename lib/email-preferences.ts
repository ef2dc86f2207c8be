/** The "Email me when…" choices on /security: the User columns, their words, and whether they default on. */
export const EMAIL_PREFERENCES = [
  {
    key: "emailOnNewDevice",
    label: "A new device signs in to my account",
    hint: "With “This wasn't me” to sign it out at once.",
    critical: true,
  },
  { key: "emailOnPasswordChange", label: "My password is changed or reset", critical: true },
  {
    key: "emailOnAdminAction",
    label:
      "An administrator resets my second factors, marks one of my devices as lost, signs me out everywhere, removes an app's access or disables my account",
    critical: true,
  },
  { key: "emailOnSecondFactor", label: "A second factor is added to or removed from my account", critical: true },
  {
    key: "emailOnAppAccess",
    label: "I allow an app to sign me in",
    hint: "Apps that are not my organisation's own, the first time each.",
    critical: true,
  },
  { key: "emailOnTokenCreated", label: "A personal access token is created", critical: false },
  {
    key: "emailOnFailedSignIns",
    label: "Someone fails to sign in with my address 5 times",
    hint: "At most one email an hour.",
    critical: false,
  },
] as const;

export type EmailPreferenceKey = (typeof EMAIL_PREFERENCES)[number]["key"];
export type EmailPreferences = Record<EmailPreferenceKey, boolean>;
