import { z } from "zod";
import { MAX_LINES, checkLine, lineInputSchema, type LineField, type StoredLine } from "./declaration.fields.ts";
import { parsePeriod, periodHasBegun, periodRange, type Period } from "./declaration.period.ts";

export const DIRECTIONS = ["export", "import"] as const;
export type Direction = (typeof DIRECTIONS)[number];

export type Contact = { name: string; phone: string; email: string };

/** What an enterprise sends (form, spreadsheet or API): the header and its lines, as typed. */
export const declarationInputSchema = z.object({
  period: z.string({ error: "declarations.errors.periodRequired" }).max(20, { error: "declarations.errors.periodFormat" }),
  direction: z.enum(DIRECTIONS, { error: "declarations.errors.directionRequired" }),
  contact: z
    .object({
      name: z.string().max(200, { error: "declarations.errors.tooLong" }).optional(),
      phone: z.string().max(40, { error: "declarations.errors.tooLong" }).optional(),
      email: z.string().max(200, { error: "declarations.errors.tooLong" }).optional(),
    }, { error: "errors.validation.invalid" })
    .strict()
    .default({}),
  lines: z.array(lineInputSchema, { error: "declarations.errors.linesInvalid" }).max(MAX_LINES, { error: "declarations.errors.tooManyLines" }).default([]),
}).strict();
export type DeclarationInput = z.infer<typeof declarationInputSchema>;

const PHONE = /^\+?[\d\s.()-]{8,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type CheckedDeclaration = {
  period: Period | null;
  direction: Direction;
  contact: Contact;
  lines: StoredLine[];
  /** Every problem, by path ("period", "contact.phone", "lines.3.hsCode"); a submission needs none. */
  errors: Record<string, string>;
};

/**
 * Checks a whole declaration. Drafts keep whatever was typed (and show these problems); a
 * submission is refused while any remains. Only the period and direction are needed to save a draft.
 */
export function checkDeclaration(input: DeclarationInput, { today }: { today: string }): CheckedDeclaration {
  const errors: Record<string, string> = {};
  const period = parsePeriod(input.period);
  if (!period) errors.period = input.period.trim() ? "declarations.errors.periodFormat" : "declarations.errors.periodRequired";
  else if (!periodHasBegun(period, today)) errors.period = "declarations.errors.periodFuture";

  const contact = {
    name: (input.contact.name ?? "").normalize("NFC").trim(),
    phone: (input.contact.phone ?? "").trim(),
    email: (input.contact.email ?? "").trim().toLowerCase(),
  };
  if (!contact.name) errors["contact.name"] = "declarations.errors.contactNameRequired";
  if (!contact.phone) errors["contact.phone"] = "declarations.errors.contactPhoneRequired";
  else if (!PHONE.test(contact.phone)) errors["contact.phone"] = "declarations.errors.contactPhoneFormat";
  if (!contact.email) errors["contact.email"] = "declarations.errors.contactEmailRequired";
  else if (!EMAIL.test(contact.email)) errors["contact.email"] = "declarations.errors.contactEmailFormat";

  if (input.lines.length === 0) errors.lines = "declarations.errors.linesRequired";
  const range = period ? periodRange(period) : null;
  const lines = input.lines.map((lineInput, index) => {
    const { line, errors: lineErrors } = checkLine(lineInput, { today });
    if (range && !lineErrors.customsDate && (line.customsDate < range.first || line.customsDate > range.last)) {
      lineErrors.customsDate = "declarations.errors.customsDateOutsidePeriod";
    }
    for (const [field, message] of Object.entries(lineErrors)) errors[`lines.${index}.${field}`] = message;
    return line;
  });
  return { period, direction: input.direction, contact, lines, errors };
}

/** Problems that stop even a draft from being saved: without a period and a direction it belongs nowhere. */
export function blockingErrors(errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).filter(([path]) => path === "period" || path === "direction"));
}

/** The server's totals, from the lines' canonical numbers (never from the client). */
export function totalsOf(lines: StoredLine[]): { lineCount: number; valueUsdCents: number; byCurrency: { currency: string; valueMinor: number }[] } {
  const byCurrency = new Map<string, number>();
  let valueUsdCents = 0;
  for (const line of lines) {
    valueUsdCents += line.valueUsdCents ?? 0;
    if (line.valueMinor !== undefined) byCurrency.set(line.currency, (byCurrency.get(line.currency) ?? 0) + line.valueMinor);
  }
  return {
    lineCount: lines.length,
    valueUsdCents,
    byCurrency: [...byCurrency].map(([currency, valueMinor]) => ({ currency, valueMinor })).sort((a, b) => a.currency.localeCompare(b.currency)),
  };
}

export { type LineField, type StoredLine };
