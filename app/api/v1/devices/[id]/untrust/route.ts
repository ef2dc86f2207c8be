import { untrustDeviceRoute } from "@/server/api/routes/untrust-device";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = untrustDeviceRoute;
