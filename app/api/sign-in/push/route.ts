import { cookies } from "next/headers";
import { z } from "zod";
import { mfaCookieName } from "@devicekeeper/server/auth/cookies";
import { deviceCookieName } from "@devicekeeper/server/devices/device-cookie";
import { pushSignInStatus, sendSignInPush } from "@devicekeeper/server/mfa/push-sign-in";
import { classify } from "@devicekeeper/server/errors";
import { getRequestContext } from "@devicekeeper/server/request-context";

export const dynamic = "force-dynamic";

const noStore = { "Cache-Control": "no-store" };
const timedOut = () =>
  Response.json(
    { error: "no_challenge", message: "Sign in with your password first, or your sign-in timed out." },
    { status: 400, headers: noStore },
  );

/**
 * Second sign-in step, push: POST sends a sign-in request to the account's phones; GET
 * ?messageId= says whether it was approved yet. Part of next-auth's sign-in flow (its MFA cookie),
 * so Next serves it; the sign-in itself completes through next-auth's "mfa" provider.
 */
export async function POST() {
  const jar = await cookies();
  try {
    const sent = await sendSignInPush({
      challengeToken: jar.get(mfaCookieName())?.value,
      deviceToken: jar.get(deviceCookieName())?.value,
      context: await getRequestContext(),
    });
    return sent ? Response.json(sent, { headers: noStore }) : timedOut();
  } catch (e) {
    // An outage or a bug goes on to the front door, which answers a 503 page for the outage.
    const failure = classify(e);
    if (failure.kind !== "refusal") throw e;
    const limited = failure.code === "RATE_LIMITED";
    return Response.json(
      { error: limited ? "rate_limited" : "refused", message: failure.message },
      { status: limited ? 429 : 400, headers: noStore },
    );
  }
}

export async function GET(request: Request) {
  const messageId = z.uuid().safeParse(new URL(request.url).searchParams.get("messageId"));
  if (!messageId.success)
    return Response.json({ error: "invalid_input", message: "messageId must be a UUID." }, { status: 400, headers: noStore });
  const jar = await cookies();
  const status = await pushSignInStatus({
    challengeToken: jar.get(mfaCookieName())?.value,
    deviceToken: jar.get(deviceCookieName())?.value,
    messageId: messageId.data,
  });
  return Response.json({ status }, { headers: noStore });
}
