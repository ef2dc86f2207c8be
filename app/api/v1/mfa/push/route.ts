import { handleRegisterMobile } from "@/server/api/register-mobile-route";

export const dynamic = "force-dynamic";

/** A mobile authenticator app registers for push sign-in approvals. */
export function POST(req: Request) {
  return handleRegisterMobile(req, "PUSH");
}
