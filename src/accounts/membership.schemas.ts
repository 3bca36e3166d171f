import { z } from "zod";
import { MEMBERSHIP_ROLES } from "./membership.model.ts";
import { emailSchema } from "./user.schemas.ts";

/** A MongoDB ObjectId in its 24-hex form; anything else in a path is a page that does not exist. */
export const objectIdSchema = z.string().regex(/^[a-f\d]{24}$/i);

export const inviteSchema = z.object({
  email: emailSchema,
  role: z.enum(MEMBERSHIP_ROLES, { message: "members.errors.roleInvalid" }).default("staff"),
});

/** Handing over the enterprise needs an explicit tick: there is no script on the page to ask "are you sure?". */
export const transferSchema = z.object({
  confirm: z.literal("yes", { message: "members.errors.confirmTransfer" }),
});

export type InviteInput = z.output<typeof inviteSchema>;
