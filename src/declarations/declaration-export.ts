import ExcelJS from "exceljs";
import { CSV_BOM, csvLine } from "../platform/spreadsheets/csv.ts";

/** A breakdown as the reader sees it: its code, its name in the reader's language, and USD cents. */
export type ExportRow = { key: string; label: string; exportUsdCents: number; importUsdCents: number; totalUsdCents: number };
export type ExportTable = { title: string; headings: [string, string, string, string, string]; rows: ExportRow[] };

/** Cents → "1234.56", exactly (no floating point on the way). */
export function usdText(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

const cellsOf = (row: ExportRow) => [row.key, row.label, usdText(row.exportUsdCents), usdText(row.importUsdCents), usdText(row.totalUsdCents)];

/** UTF-8 CSV with a byte-order mark; text cells that a spreadsheet would run as a formula are neutralised. */
export function breakdownCsv(table: ExportTable): string {
  return CSV_BOM + csvLine(table.headings) + table.rows.map((row) => csvLine(cellsOf(row))).join("");
}

/** The same table as an XLSX sheet; amounts are numbers in USD with two decimals. */
export async function breakdownXlsx(table: ExportTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Sở Công Thương tỉnh Gia Lai";
  const sheet = workbook.addWorksheet(table.title.slice(0, 31).replace(/[\\/?*[\]:]/g, " "));
  sheet.addRow(table.headings).font = { bold: true };
  for (const row of table.rows) {
    // A text cell never starts a formula in ExcelJS (strings are stored as strings), but a leading = is quoted as in the CSV.
    const text = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
    sheet.addRow([text(row.key), text(row.label), row.exportUsdCents / 100, row.importUsdCents / 100, row.totalUsdCents / 100]);
  }
  for (const column of [3, 4, 5]) sheet.getColumn(column).numFmt = "#,##0.00";
  sheet.columns.forEach((column, index) => {
    column.width = index === 1 ? 40 : 18;
  });
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
