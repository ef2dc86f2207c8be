import { handleRegisterMobile } from "@/server/api/register-mobile-route";

export const dynamic = "force-dynamic";

/** A mobile authenticator app binds a device key pair (the public key is sent, the private key stays). */
export function POST(req: Request) {
  return handleRegisterMobile(req, "BINDING");
}
