import type { NextRequest } from "next/server";
import { apiMethods } from "@/server/api/api-route";
import { handleRegisterMobile } from "@/server/api/register-mobile-route";

export const dynamic = "force-dynamic";

/** A mobile authenticator app binds a device key pair (the public key is sent, the private key stays). */
function registerBinding(req: NextRequest) {
  return handleRegisterMobile(req, "BINDING");
}

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods("authsignal", { POST: registerBinding });
