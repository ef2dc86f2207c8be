import { redirect } from "next/navigation";
import { getSession } from "@devicekeeper/server/auth/session";

export default async function HomePage() {
  redirect((await getSession()) ? "/devices" : "/sign-in");
}
