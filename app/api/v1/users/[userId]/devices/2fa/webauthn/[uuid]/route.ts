import { ping2faRoutes } from "@/server/api/routes/ping-2fa";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = ping2faRoutes.webauthnItem;
