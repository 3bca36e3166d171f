import { z } from "zod";
import { ROLES } from "./user.model.ts";

/** Query of the administrators' user list; a bad value falls back to "no filter" rather than an error page. */
export const userListQuerySchema = z.object({
  role: z.enum(ROLES).optional().catch(undefined),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254)
    .optional()
    .catch(undefined)
    .transform((email) => email || undefined),
  trang: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});

export const changeRoleSchema = z.object({
  role: z.enum(ROLES, { message: "auth.errors.roleInvalid" }),
  returnTo: z.string().optional(),
});
