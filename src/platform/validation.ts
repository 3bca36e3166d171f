import type { z } from "zod";
import { ValidationError } from "./errors.ts";

/**
 * Parses input with a zod schema or throws a ValidationError holding one message key per field
 * path ("email", "lines.2.hsCode"); the first problem of each field wins.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join(".") || "_form";
    fieldErrors[field] ??= issue.code === "invalid_type" && !issue.message.includes(".") ? "errors.validation.invalid" : issue.message;
  }
  throw new ValidationError(fieldErrors);
}
