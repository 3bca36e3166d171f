import { z } from "zod";
import { ROLES } from "./user.model.ts";

export const normaliseEmail = (email: string) => email.normalize("NFC").trim().toLowerCase();

export const emailSchema = z
  .string()
  .transform(normaliseEmail)
  .pipe(z.email({ message: "auth.errors.emailInvalid" }).max(254, { message: "auth.errors.emailInvalid" }));

export const passwordSchema = z
  .string()
  .min(8, { message: "auth.errors.passwordTooShort" })
  .max(128, { message: "auth.errors.passwordTooLong" });

export const upsertUserSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  role: z.enum(ROLES, { message: "auth.errors.roleInvalid" }).default("user"),
  name: z.string().trim().min(1).max(120).optional(),
});

export type UpsertUserInput = z.input<typeof upsertUserSchema>;
