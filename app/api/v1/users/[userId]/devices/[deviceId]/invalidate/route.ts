import { invalidateUserDeviceRoute } from "@/server/api/routes/server-devices";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = invalidateUserDeviceRoute;
