import { cookies } from "next/headers";
import { z } from "zod";
import { deviceCookieName, mfaCookieName } from "@/server/auth/cookies";
import { pushSignInStatus, sendSignInPush } from "@/server/mfa/push-sign-in";
import { appErrorMessage } from "@/server/errors";
import { getRequestContext } from "@/server/request-context";

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
    const message = appErrorMessage(e);
    if (!message) throw e;
    const limited = (e as { code?: string }).code === "RATE_LIMITED";
    return Response.json({ error: limited ? "rate_limited" : "refused", message }, { status: limited ? 429 : 400, headers: noStore });
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
