import fs from "node:fs";
import type { Translate } from "../../platform/i18n/i18n.ts";
import { once } from "node:events";
import ExcelJS from "exceljs";
import { columnHeading, COLUMNS } from "./import.columns.ts";
import { csvLine, CSV_BOM } from "../../platform/spreadsheets/csv.ts";


/**
 * Synthetic catalogues for the benchmark and the tests: `rows` products of Gia Lai with realistic
 * Vietnamese text, every `badEvery`-th row broken in a way the schema refuses (3 % with 33).
 */
export type SampleOptions = { rows: number; badEvery?: number; skuPrefix?: string; language?: "vi" | "en"; priceBump?: number };

const PRODUCTS = [
  ["Cà phê Robusta nhân xô", "ca-phe", "kg"],
  ["Hồ tiêu đen Chư Sê", "ho-tieu", "kg"],
  ["Hạt điều rang muối", "hat-dieu", "hộp"],
  ["Mật ong hoa cà phê", "mat-ong", "chai"],
  ["Gạo nếp Đắk Đoa", "lua-gao", "bao"],
] as const;

/** The bad rows cycle through kinds of mistakes, several at once on some rows. */
const BREAKS: ((row: Record<string, unknown>) => void)[] = [
  (row) => (row.sku = ""),
  (row) => (row.tier1_price = "một trăm"),
  (row) => ((row.unit = "thúng"), (row.hs_code = "0901")),
  (row) => ((row.tier2_min = 5), (row.name_vi = "")),
  (row) => (row.category = "khong-co-danh-muc"),
];

export function sampleRow(index: number, options: SampleOptions): Record<string, unknown> {
  const [name, category, unit] = PRODUCTS[index % PRODUCTS.length]!;
  const price = 120_000 + (index % 50) * 1_000 + (options.priceBump ?? 0);
  const row: Record<string, unknown> = {
    sku: `${options.skuPrefix ?? "GL"}-${String(index + 1).padStart(5, "0")}`,
    name_vi: `${name} loại ${(index % 3) + 1} lô ${index + 1}`,
    name_en: "",
    category,
    unit,
    tier1_min: 10,
    tier1_price: price,
    tier2_min: 100,
    tier2_price: price - 10_000,
    tier3_min: 1_000,
    tier3_price: price - 20_000,
    min_order_qty: 10,
    stock: 500 + (index % 100),
    description_vi: "Sản phẩm của hợp tác xã tại Gia Lai, đạt tiêu chuẩn VietGAP.\nĐóng bao 50 kg.",
    made_in_vietnam: "Có",
    origin_province: "Gia Lai",
    hs_code: "09011110",
    certifications: index % 4 === 0 ? "vietgap" : "",
    season_months: index % 2 === 0 ? "10, 11, 12" : "",
  };
  const badEvery = options.badEvery ?? 0;
  if (badEvery > 0 && index % badEvery === badEvery - 1) BREAKS[Math.floor(index / badEvery) % BREAKS.length]!(row);
  return row;
}

/** Whether `sampleRow(index)` is one of the broken rows. */
export const isBadSample = (index: number, options: SampleOptions) => (options.badEvery ?? 0) > 0 && index % options.badEvery! === options.badEvery! - 1;

const cellsOf = (row: Record<string, unknown>) => COLUMNS.map((column) => (row[column] ?? "") as string | number);

export async function writeSampleXlsx(path: string, translate: Translate, options: SampleOptions): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: false, useSharedStrings: true });
  const sheet = workbook.addWorksheet("Sản phẩm");
  sheet.addRow(COLUMNS.map((column) => columnHeading(translate, options.language ?? "vi", column))).commit();
  for (let index = 0; index < options.rows; index++) sheet.addRow(cellsOf(sampleRow(index, options))).commit();
  sheet.commit();
  await workbook.commit();
}

export async function writeSampleCsv(path: string, translate: Translate, options: SampleOptions): Promise<void> {
  const out = fs.createWriteStream(path);
  out.write(CSV_BOM + csvLine(COLUMNS.map((column) => columnHeading(translate, options.language ?? "vi", column))));
  for (let index = 0; index < options.rows; index++) {
    if (!out.write(csvLine(cellsOf(sampleRow(index, options))))) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}
