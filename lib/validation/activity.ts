import { z } from "zod";
import { ACTIVITY_KINDS, type ActivityKind } from "@/lib/activity";

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)));

/** The filters as they appear in the URL (?kind=&device=&from=&to=); anything malformed is ignored. */
export const activityFilterSchema = z.object({
  kind: z
    .enum(Object.keys(ACTIVITY_KINDS) as [ActivityKind, ...ActivityKind[]])
    .optional()
    .catch(undefined),
  device: z.uuid().optional().catch(undefined),
  from: isoDay.optional().catch(undefined),
  to: isoDay.optional().catch(undefined),
});
export type ActivityFilter = z.infer<typeof activityFilterSchema>;
