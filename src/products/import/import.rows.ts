import type { z } from "zod";
import { priceStockSchema, productInputSchema, MAX_PRICE_TIERS, type ProductInput } from "../product.schemas.ts";
import { foldHeading, PRICE_STOCK_COLUMNS, type ColumnId, type ImportMode } from "./import.columns.ts";

/** Why a row was refused: a message key, the column it concerns (null: the whole row) and its values. */
export type Reason = { column: ColumnId | null; key: string; values?: Record<string, string | number> };

/** The file as a whole cannot be imported (no heading, unknown columns, too many rows…). */
export class ImportFileError extends Error {
  constructor(
    readonly key: string,
    readonly values: Record<string, string | number> = {},
  ) {
    super(key);
    this.name = "ImportFileError";
  }
}

export type Headings = Map<number, ColumnId>;

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === "string" && value.trim() === "");
export const isBlankRow = (cells: unknown[]) => cells.every(isBlank);

/** Maps the heading row's cells to columns; unknown and repeated headings refuse the file. */
export function mapHeadings(cells: unknown[], index: Map<string, ColumnId>, mode: ImportMode): Headings {
  const headings: Headings = new Map();
  const unknown: string[] = [];
  const seen = new Set<ColumnId>();
  cells.forEach((cell, position) => {
    if (isBlank(cell)) return;
    const column = index.get(foldHeading(String(cell)));
    if (!column) return void unknown.push(String(cell).trim());
    if (seen.has(column)) throw new ImportFileError("import.errors.duplicateColumn", { column: String(cell).trim() });
    seen.add(column);
    if (mode === "full" || PRICE_STOCK_COLUMNS.has(column)) headings.set(position, column);
  });
  if (unknown.length > 0) throw new ImportFileError("import.errors.unknownColumns", { columns: unknown.slice(0, 10).join(", ") });
  if (!seen.has("sku")) throw new ImportFileError("import.errors.skuColumnMissing");
  return headings;
}

const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** A cell as the schema reads it: blank → undefined; numbers kept for numeric columns, text elsewhere. */
function cell(value: unknown, kind: "text" | "number" | "date" | "raw"): unknown {
  if (isBlank(value)) return undefined;
  if (kind === "text") return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).trim();
  if (kind === "date") {
    if (typeof value === "number") return new Date(EXCEL_EPOCH + Math.round(value * 86_400_000));
    const dmy = typeof value === "string" ? DMY.exec(value.trim()) : null;
    if (dmy) return `${dmy[3]}-${dmy[2]!.padStart(2, "0")}-${dmy[1]!.padStart(2, "0")}`;
  }
  return typeof value === "string" ? value.trim() : value;
}

/** The row's cells by column. */
export function cellsByColumn(cells: unknown[], headings: Headings): Map<ColumnId, unknown> {
  const values = new Map<ColumnId, unknown>();
  for (const [position, column] of headings) values.set(column, cells[position]);
  return values;
}

/** Tiers given in the row (either cell filled), with the tier number each one came from. */
function tiersOf(values: Map<ColumnId, unknown>) {
  const tiers: { minQty: unknown; priceVnd: unknown }[] = [];
  const numbers: number[] = [];
  for (let n = 1; n <= MAX_PRICE_TIERS; n++) {
    const minQty = cell(values.get(`tier${n}_min`), "number");
    const priceVnd = cell(values.get(`tier${n}_price`), "number");
    if (minQty === undefined && priceVnd === undefined) continue;
    tiers.push({ minQty, priceVnd });
    numbers.push(n);
  }
  return { tiers, numbers };
}

type Checked<T> = { ok: true; value: T } | { ok: false; reasons: Reason[] };

/** Zod's path of a problem → the template column it came from. */
function columnOfPath(path: PropertyKey[], tierNumbers: number[]): ColumnId | null {
  const [head, second, third] = path;
  switch (head) {
    case "name":
    case "description":
      return `${String(head)}_${second === "en" ? "en" : "vi"}`;
    case "priceTiers": {
      if (typeof second !== "number") return "tier1_min";
      const n = tierNumbers[second] ?? second + 1;
      return `tier${n}_${third === "priceVnd" ? "price" : "min"}`;
    }
    case "ocop":
      return third === undefined && second === undefined ? "ocop_stars" : second === "certificateNo" ? "ocop_certificate_no" : second === "expiresAt" ? "ocop_expires_at" : "ocop_stars";
    case undefined:
      return null;
    default:
      return String(head).replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  }
}

/** Every column's problem (the first zod found for it), as message keys translated when the report is read. */
function reasonsOf(error: z.ZodError, tierNumbers: number[]): Reason[] {
  const reasons = new Map<string, Reason>();
  for (const issue of error.issues) {
    const column = columnOfPath(issue.path, tierNumbers);
    const key = issue.message.includes(".") ? issue.message : "errors.validation.invalid";
    if (!reasons.has(String(column))) reasons.set(String(column), { column, key });
  }
  return [...reasons.values()];
}

/** A full row → the product input, validated by the products area's own schema. */
export function checkProductRow(values: Map<ColumnId, unknown>): Checked<ProductInput> {
  const text = (column: ColumnId) => cell(values.get(column), "text");
  const number = (column: ColumnId) => cell(values.get(column), "number");
  const { tiers, numbers } = tiersOf(values);
  const input = {
    sku: text("sku"),
    name: { vi: text("name_vi"), en: text("name_en") },
    description: { vi: text("description_vi"), en: text("description_en") },
    category: text("category"),
    unit: text("unit"),
    priceTiers: tiers,
    minOrderQty: number("min_order_qty"),
    stock: number("stock"),
    leadTimeDays: number("lead_time_days"),
    madeInVietnam: cell(values.get("made_in_vietnam"), "raw"),
    originProvince: text("origin_province"),
    hsCode: text("hs_code"),
    ocop: { stars: number("ocop_stars"), certificateNo: text("ocop_certificate_no"), expiresAt: cell(values.get("ocop_expires_at"), "date") },
    certifications: text("certifications"),
    seasonMonths: cell(values.get("season_months"), "raw"),
    packagingNotes: text("packaging_notes"),
  };
  const result = productInputSchema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, reasons: reasonsOf(result.error, numbers) };
}

export type PriceStockInput = z.output<typeof priceStockSchema>;

/** A price-and-stock row: SKU, the tiers (all or none) and the stock; blank cells change nothing. */
export function checkPriceStockRow(values: Map<ColumnId, unknown>): Checked<PriceStockInput> {
  const { tiers, numbers } = tiersOf(values);
  const input = {
    sku: cell(values.get("sku"), "text"),
    priceTiers: tiers.length > 0 ? tiers : undefined,
    stock: cell(values.get("stock"), "number"),
  };
  const result = priceStockSchema.safeParse(input);
  if (!result.success) return { ok: false, reasons: reasonsOf(result.error, numbers) };
  if (result.data.priceTiers === undefined && result.data.stock === undefined) {
    return { ok: false, reasons: [{ column: null, key: "import.reasons.nothingToUpdate" }] };
  }
  return { ok: true, value: result.data };
}

/** A cell's text as typed, trimmed. */
export const rawText = (values: Map<ColumnId, unknown>, column: ColumnId) => String(cell(values.get(column), "text") ?? "");

/** The SKU as typed in the row (for the report), whatever its validity. */
export const rawSku = (values: Map<ColumnId, unknown>) => rawText(values, "sku").slice(0, 100);
