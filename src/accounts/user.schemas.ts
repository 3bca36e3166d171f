import { z } from "zod";
import { isCommonPassword } from "./password-policy.ts";
import { ROLES } from "./user.model.ts";

export const normaliseEmail = (email: string) => email.normalize("NFC").trim().toLowerCase();

export const emailSchema = z
  .string()
  .transform(normaliseEmail)
  .pipe(z.email({ message: "auth.errors.emailInvalid" }).max(254, { message: "auth.errors.emailInvalid" }));

export const passwordSchema = z
  .string()
  .min(8, { message: "auth.errors.passwordTooShort" })
  .max(128, { message: "auth.errors.passwordTooLong" })
  .refine((password) => !isCommonPassword(password), { message: "auth.errors.passwordCommon" });

const nameSchema = z.string().trim().min(1, { message: "auth.errors.nameRequired" }).max(120, { message: "auth.errors.nameTooLong" });

export const registerSchema = z
  .object({
    name: nameSchema,
    email: emailSchema,
    password: passwordSchema,
    passwordConfirm: z.string(),
  })
  .refine((input) => input.password === input.passwordConfirm, {
    path: ["passwordConfirm"],
    message: "auth.errors.passwordMismatch",
  });

/** Sign-in takes any strings (the check is the password hash), but only strings: no objects, no operators. */
export const signInSchema = z.object({
  email: z.string().max(254).transform(normaliseEmail),
  password: z.string().max(1_000),
  returnTo: z.string().optional(),
});

export const profileSchema = z.object({
  name: nameSchema,
  language: z.enum(["vi", "en"], { message: "auth.errors.languageInvalid" }),
});

export const passwordChangeSchema = z
  .object({ currentPassword: z.string().max(1_000), newPassword: passwordSchema, newPasswordConfirm: z.string() })
  .refine((input) => input.newPassword === input.newPasswordConfirm, {
    path: ["newPasswordConfirm"],
    message: "auth.errors.passwordMismatch",
  });

export const resetRequestSchema = z.object({ email: emailSchema });

export const resetSchema = z
  .object({ password: passwordSchema, passwordConfirm: z.string() })
  .refine((input) => input.password === input.passwordConfirm, {
    path: ["passwordConfirm"],
    message: "auth.errors.passwordMismatch",
  });

export const upsertUserSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  role: z.enum(ROLES, { message: "auth.errors.roleInvalid" }).default("user"),
  name: nameSchema.optional(),
});

export type UpsertUserInput = z.input<typeof upsertUserSchema>;
