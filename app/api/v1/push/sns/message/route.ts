import { pushRefreshRoute } from "@/server/api/routes/push-refresh";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = pushRefreshRoute;
