import { z } from "zod";
import { printableNameSchema } from "@/lib/validation/devices";
import { API_TOKEN_LIFETIMES } from "@/lib/api-tokens";

export const apiTokenIdSchema = z.uuid({ error: "Invalid token id" });

/** A token's name follows the rules of a device name: short, printable, shown in lists. */
export const apiTokenNameSchema = printableNameSchema("Enter a name, so you can tell it apart later");

export const createApiTokenSchema = z.object({
  name: apiTokenNameSchema,
  expiresInDays: z.coerce
    .number({ error: "Choose when the token expires" })
    .refine((n) => (API_TOKEN_LIFETIMES as readonly number[]).includes(n), { error: "Choose when the token expires" }),
});

/** What lists show about a token or key; never the token itself or its hash. */
export type ApiTokenSummary = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  expired: boolean;
  /** Server keys: the admin who created it. */
  createdBy: string | null;
};
