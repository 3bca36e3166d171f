import type { Translate } from "../platform/i18n/i18n.ts";
import { foldVietnamese } from "../platform/search/fold.ts";
import { LINE_FIELDS, type LineField } from "./declaration.fields.ts";

/**
 * The columns of the declaration spreadsheet: one per line field, in the template's order. Headings
 * and help texts are messages (`declarations.upload.columns.<field>.heading|help`), so the template
 * exists in Vietnamese and English; an upload may use either language's headings or the field names
 * themselves ("hsCode"), in any case, with or without diacritics.
 */
export const UPLOAD_COLUMNS: readonly LineField[] = LINE_FIELDS;

/** A column may be left blank on every line (the USD value of a line in USD is its value). */
export const OPTIONAL_COLUMNS = new Set<LineField>(["valueUsd"]);

/** Columns Excel must keep as text: leading zeros of an HS code, 12-digit numbers shown as 3.05E+11. */
export const TEXT_COLUMNS = new Set<LineField>(["hsCode", "customsNumber"]);

export type Language = "vi" | "en";
export type { Translate } from "../platform/i18n/i18n.ts";

export const columnHeading = (translate: Translate, language: Language, field: LineField) =>
  translate(language, `declarations.upload.columns.${field}.heading`);

export const columnHelp = (translate: Translate, language: Language, field: LineField) =>
  translate(language, `declarations.upload.columns.${field}.help`);

/** A heading as compared: folded (case, diacritics, đ), punctuation and symbols ignored. */
export const foldHeading = (heading: string) =>
  foldVietnamese(heading).replace(/[^\p{L}\p{N}]+/gu, " ").trim();

export type HeadingMatch = { field: LineField; language: Language | null };

/** Folded heading → field, for both languages' headings and the field names ("hsCode", "hs code"). */
export function headingIndex(translate: Translate): Map<string, HeadingMatch> {
  const index = new Map<string, HeadingMatch>();
  for (const field of UPLOAD_COLUMNS) {
    index.set(foldHeading(field), { field, language: null });
    index.set(foldHeading(field.replace(/[A-Z]/g, (letter) => ` ${letter}`)), { field, language: null });
    for (const language of ["vi", "en"] as const) index.set(foldHeading(columnHeading(translate, language, field)), { field, language });
  }
  return index;
}

/** The spreadsheet's letter of a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
