import { cookies } from "next/headers";
import { mfaCookieOptions, mfaCookieName, passkeyCookieName } from "@devicekeeper/server/auth/cookies";
import { deviceCookieName } from "@devicekeeper/server/devices/device-cookie";
import { passkeyOptionsForChallenge } from "@devicekeeper/server/mfa/passkey-options-for-challenge";
import { classify } from "@devicekeeper/server/errors";

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
    // An outage or a bug goes on to the front door, which answers a 503 page for the outage.
    const failure = classify(e);
    if (failure.kind !== "refusal") throw e;
    return Response.json({ error: "unavailable", message: failure.message }, { status: 400, headers: noStore });
  }
  if (!result)
    return Response.json(
      { error: "no_challenge", message: "Sign in with your password first, or your sign-in timed out." },
      { status: 400, headers: noStore },
    );
  jar.set(passkeyCookieName(), result.sealedChallenge, mfaCookieOptions());
  return Response.json(result.options, { headers: noStore });
}
