import { settingsDevicesRoute } from "@/server/api/routes/settings-devices";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = settingsDevicesRoute;
