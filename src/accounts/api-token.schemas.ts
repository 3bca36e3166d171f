import { z } from "zod";

export const createApiTokenSchema = z.object({
  name: z
    .string({ message: "apiTokens.errors.nameRequired" })
    .transform((name) => name.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .min(1, { message: "apiTokens.errors.nameRequired" })
        .max(80, { message: "apiTokens.errors.nameTooLong" }),
    ),
});
