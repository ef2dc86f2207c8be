import type { NextRequest } from "next/server";
import { apiMethods } from "@/server/api/api-route";
import { handleRegisterMobile } from "@/server/api/register-mobile-route";

export const dynamic = "force-dynamic";

/** A mobile authenticator app registers for push sign-in approvals. */
function registerPush(req: NextRequest) {
  return handleRegisterMobile(req, "PUSH");
}

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods("authsignal", { POST: registerPush });
