import { z } from "zod";
import { EMAIL_PREFERENCES, type EmailPreferenceKey } from "@/lib/email-preferences";

/** The "Email me when…" form: every choice, each on or off. */
export const emailPreferencesSchema = z.object(
  Object.fromEntries(EMAIL_PREFERENCES.map((p) => [p.key, z.boolean()])) as Record<EmailPreferenceKey, z.ZodBoolean>,
);
