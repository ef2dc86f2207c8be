import { pingAlias } from "@/server/api/routes/ping-alias";

export const dynamic = "force-dynamic";
export { pingAlias as GET, pingAlias as POST, pingAlias as PUT, pingAlias as PATCH, pingAlias as DELETE, pingAlias as OPTIONS };
