import { apiMethods } from "@/server/api/api-route";
import { cookies } from "next/headers";
import { jsonError } from "@/server/api/json";
import { deviceCookieName, mfaCookieName, mfaCookieOptions, passkeyCookieName } from "@/server/auth/cookies";
import { passkeyOptionsForChallenge } from "@/server/mfa/passkey-options-for-challenge";

export const dynamic = "force-dynamic";

/** Second sign-in step, passkey: the options for navigator.credentials.get(). */
async function passkeyOptions() {
  const jar = await cookies();
  const result = await passkeyOptionsForChallenge({ challengeToken: jar.get(mfaCookieName())?.value, deviceToken: jar.get(deviceCookieName())?.value });
  if (!result) return jsonError(400, "no_challenge", "Sign in with your password first, or your sign-in timed out.");
  jar.set(passkeyCookieName(), result.sealedChallenge, mfaCookieOptions());
  return Response.json(result.options, { headers: { "Cache-Control": "no-store" } });
}

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods("authsignal", { POST: passkeyOptions });
