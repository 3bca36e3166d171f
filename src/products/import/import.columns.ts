import { foldVietnamese } from "../../platform/search/fold.ts";
import type { Translate } from "../../platform/i18n/i18n.ts";
import { MAX_PRICE_TIERS } from "../product.schemas.ts";

/**
 * The columns of the import template, in template order. Headings and help texts are messages
 * (`import.columns.*`) so the template exists in Vietnamese and English; uploads may use either
 * language's headings or the column ids themselves, in any case and with or without diacritics.
 */
const tierColumns = Array.from({ length: MAX_PRICE_TIERS }, (_, index) => [`tier${index + 1}_min`, `tier${index + 1}_price`]).flat();

export const COLUMNS = [
  "sku",
  "name_vi",
  "name_en",
  "category",
  "unit",
  ...tierColumns,
  "min_order_qty",
  "stock",
  "lead_time_days",
  "description_vi",
  "description_en",
  "made_in_vietnam",
  "origin_province",
  "hs_code",
  "ocop_stars",
  "ocop_certificate_no",
  "ocop_expires_at",
  "certifications",
  "season_months",
  "packaging_notes",
] as const;

export type ColumnId = string;
export type ImportMode = "full" | "price-stock";

/** The columns the price and stock update reads; other columns of the same template are ignored. */
export const PRICE_STOCK_COLUMNS = new Set<ColumnId>(["sku", ...tierColumns, "stock"]);


const TIER = /^tier(\d)_(min|price)$/;

/** The message key (and values) of a column's heading or help text. */
function columnMessage(column: ColumnId, part: "heading" | "help"): [string, Record<string, unknown>] {
  const tier = TIER.exec(column);
  if (tier) return [`import.columns.${tier[2] === "min" ? "tierMin" : "tierPrice"}.${part}`, { n: Number(tier[1]) }];
  return [`import.columns.${column}.${part}`, {}];
}

export const columnHeading = (translate: Translate, language: "vi" | "en", column: ColumnId) =>
  translate(language, ...columnMessage(column, "heading"));

export const columnHelp = (translate: Translate, language: "vi" | "en", column: ColumnId) =>
  translate(language, ...columnMessage(column, "help"));

/** A heading as compared: folded (case, diacritics, đ), punctuation and symbols (₫, brackets) ignored. */
export const foldHeading = (heading: string) =>
  foldVietnamese(heading).replace(/[^\p{L}\p{N}]+/gu, " ").trim();

/** Folded heading → column, for both languages' headings and the bare column ids. */
export function headingIndex(translate: Translate): Map<string, ColumnId> {
  const index = new Map<string, ColumnId>();
  for (const column of COLUMNS) {
    index.set(foldHeading(column), column);
    index.set(foldHeading(column.replace(/_/g, " ")), column);
    for (const language of ["vi", "en"] as const) index.set(foldHeading(columnHeading(translate, language, column)), column);
  }
  return index;
}
