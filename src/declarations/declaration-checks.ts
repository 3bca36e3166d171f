import { parseInput } from "../platform/validation.ts";
import { checkDeclaration, declarationInputSchema, type CheckedDeclaration } from "./declaration.header.ts";
import type { StoredLine } from "./declaration.fields.ts";

/** The nomenclature's answer for 8-digit codes; `null` when no nomenclature is loaded (format and chapter only). */
export type HeadingLookup = (codes: string[]) => Promise<Map<string, { heading?: unknown }> | null>;

/**
 * The whole check of a declaration as sent: its shape (zod: a 422 naming each bad path), every field
 * of every line, and — when a nomenclature is loaded — that each HS code's heading exists.
 */
export async function checkInput(input: unknown, { today, headings }: { today: string; headings: HeadingLookup }): Promise<CheckedDeclaration> {
  const parsed = parseInput(declarationInputSchema, input);
  const checked = checkDeclaration(parsed, { today });
  await checkHeadings(checked.lines, checked.errors, headings);
  return checked;
}

async function checkHeadings(lines: StoredLine[], errors: Record<string, string>, headings: HeadingLookup): Promise<void> {
  const codes = [...new Set(lines.filter((line, index) => !errors[`lines.${index}.hsCode`]).map((line) => line.hsCode))];
  if (codes.length === 0) return;
  const known = await headings(codes);
  if (!known) return;
  lines.forEach((line, index) => {
    const path = `lines.${index}.hsCode`;
    if (!errors[path] && !known.get(line.hsCode)?.heading) errors[path] = "declarations.errors.hsCodeHeading";
  });
}

/** A stored declaration as input again (for re-checking a draft at submission). */
export function inputOf(declaration: { period: { key: string }; direction: string; contact: object; lines: StoredLine[] }) {
  return {
    period: declaration.period.key,
    direction: declaration.direction,
    contact: { ...declaration.contact },
    lines: declaration.lines.map(({ quantityValue: _q, valueMinor: _v, valueUsdCents: _u, ...fields }) => ({ ...fields })),
  };
}
