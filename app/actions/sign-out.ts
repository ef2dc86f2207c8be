"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getSession } from "@/server/auth/session";
import { sessionCookieName } from "@/server/auth/cookies";
import { signOut } from "@/server/auth/sign-out";
import { getRequestContext } from "@/server/request-context";

export async function signOutAction(): Promise<void> {
  const session = await getSession();
  if (session) {
    await signOut({ sessionId: session.sessionId, userId: session.userId, context: await getRequestContext() });
  }
  (await cookies()).delete(sessionCookieName());
  redirect("/sign-in");
}
