"use server";

import { z } from "zod";
import { cookies } from "next/headers";
import { after } from "next/server";
import { definePublicAction } from "@devicekeeper/server/actions/public-action";
import { forgotPasswordSchema, requestPasswordReset, resetPassword, resetPasswordSchema } from "@devicekeeper/server/auth/password-reset";
import { reportDevice } from "@devicekeeper/server/devices/report-device";
import { sessionCookieName } from "@devicekeeper/server/auth/cookies";
import { AppError } from "@devicekeeper/server/errors";
import { tooManyAttempts } from "@/lib/format";

/** "Forgot your password?": the same answer whether the account exists or not. */
export const requestPasswordResetAction = definePublicAction({
  input: forgotPasswordSchema,
  run: async ({ email, next }, context) => {
    const result = await requestPasswordReset({ email, next, context, defer: after });
    if (result.status === "locked") throw new AppError("RATE_LIMITED", tooManyAttempts(result.retryAfterSeconds));
    return {};
  },
});

/** A new password through a reset link: every session ends, this browser's too. */
export const resetPasswordAction = definePublicAction({
  input: resetPasswordSchema,
  run: async ({ token, password }, context) => {
    const result = await resetPassword({ token, password, context });
    (await cookies()).delete(sessionCookieName());
    return result;
  },
});

/** "This was me" / "This wasn't me" from a new-device email. */
export const reportDeviceAction = definePublicAction({
  input: z.object({ token: z.string().max(100), answer: z.enum(["me", "not-me"]) }),
  run: ({ token, answer }, context) => reportDevice({ token, answer, context }),
});
