import { cookies } from "next/headers";
import { mfaCookieOptions, deviceCookieName, mfaCookieName, passkeyCookieName } from "@/server/auth/cookies";
import { passkeyOptionsForChallenge } from "@/server/mfa/passkey-options-for-challenge";
import { appErrorMessage } from "@/server/errors";

export const dynamic = "force-dynamic";

/**
 * Second sign-in step, passkey: the options for navigator.credentials.get(). Part of next-auth's
 * sign-in flow (its cookies, the request's origin as the relying party), so Next serves it.
 */
export async function POST() {
  const jar = await cookies();
  const noStore = { "Cache-Control": "no-store" };
  let result: Awaited<ReturnType<typeof passkeyOptionsForChallenge>>;
  try {
    result = await passkeyOptionsForChallenge({
      challengeToken: jar.get(mfaCookieName())?.value,
      deviceToken: jar.get(deviceCookieName())?.value,
    });
  } catch (e) {
    const message = appErrorMessage(e);
    if (!message) throw e;
    return Response.json({ error: "unavailable", message }, { status: 400, headers: noStore });
  }
  if (!result)
    return Response.json(
      { error: "no_challenge", message: "Sign in with your password first, or your sign-in timed out." },
      { status: 400, headers: noStore },
    );
  jar.set(passkeyCookieName(), result.sealedChallenge, mfaCookieOptions());
  return Response.json(result.options, { headers: noStore });
}
