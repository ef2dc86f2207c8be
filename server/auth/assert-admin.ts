import "server-only";
import type { Actor } from "@/server/audit/actor";
import { AppError } from "@/server/errors";

/** Every admin operation checks the role itself: a layout or an action wrapper is not enough. */
export function assertAdmin(actor: Actor): void {
  if (actor.role !== "ADMIN") throw new AppError("FORBIDDEN", "Only administrators can do this.");
}
