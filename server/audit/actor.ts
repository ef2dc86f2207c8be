import "server-only";
import type { RequestContext } from "@/server/request-context";

/**
 * Who performs an operation: the user themself (with their current session), an administrator,
 * or a server API key (no user: `userId` null, role ADMIN, `context.via` names the key).
 */
export type Actor = { userId: string | null; sessionId?: string; role: "USER" | "ADMIN"; context: RequestContext };
