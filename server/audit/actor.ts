import "server-only";
import type { RequestContext } from "@/server/request-context";

/** Who performs an operation: the user themself (with their current session) or an administrator. */
export type Actor = { userId: string; sessionId?: string; role: "USER" | "ADMIN"; context: RequestContext };
