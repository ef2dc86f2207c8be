import { redirect } from "next/navigation";
import { getSession } from "@devicekeeper/server/auth/session";
import { HOME_PATH } from "@/lib/next-path";

export default async function HomePage() {
  redirect((await getSession()) ? HOME_PATH : "/sign-in");
}
