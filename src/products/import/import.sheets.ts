import type { Writable } from "node:stream";
import type { Translate } from "../../platform/i18n/i18n.ts";
import ExcelJS from "exceljs";
import { CSV_BOM, csvLine } from "../../platform/spreadsheets/csv.ts";
import { columnHeading, columnHelp, COLUMNS, PRICE_STOCK_COLUMNS } from "./import.columns.ts";

type Language = "vi" | "en";

const REQUIRED = new Set(["sku", "name_vi", "category", "unit", "tier1_min", "tier1_price", "min_order_qty"]);

export function templateCsv(translate: Translate, language: Language): string {
  return CSV_BOM + csvLine(COLUMNS.map((column) => columnHeading(translate, language, column)));
}

/** The XLSX template: the headings on the first sheet, one row per column explained on the second. */
export async function writeTemplateXlsx(stream: Writable, translate: Translate, language: Language): Promise<void> {
  const t = (key: string) => translate(language, key);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const data = workbook.addWorksheet(t("import.template.sheetData"), { views: [{ state: "frozen", ySplit: 1 }] });
  data.columns = COLUMNS.map((column) => ({ header: columnHeading(translate, language, column), key: column, width: column.startsWith("description") ? 40 : 20 }));
  data.getRow(1).font = { bold: true };
  data.getRow(1).commit();
  data.commit();

  const help = workbook.addWorksheet(t("import.template.sheetHelp"));
  help.columns = [
    { header: t("import.template.helpColumn"), width: 32 },
    { header: t("import.template.helpMeaning"), width: 90 },
    { header: t("import.template.helpRequired"), width: 12 },
    { header: t("import.template.helpPriceStock"), width: 22 },
  ];
  help.getRow(1).font = { bold: true };
  help.getRow(1).commit();
  const yesNo = (flag: boolean) => t(flag ? "import.template.yes" : "import.template.no");
  for (const column of COLUMNS) {
    help
      .addRow([columnHeading(translate, language, column), columnHelp(translate, language, column), yesNo(REQUIRED.has(column)), yesNo(PRICE_STOCK_COLUMNS.has(column))])
      .commit();
  }
  help.commit();
  await workbook.commit();
}

export type ReportRow = { row: number; sku: string; reasons: string[] };

const reportHeadings = (translate: Translate, language: Language) =>
  ["row", "sku", "reasons"].map((key) => translate(language, `import.report.${key}`));

/** The report of rejected rows as CSV, written as the rows are read. */
export async function writeReportCsv(stream: Writable, rows: AsyncIterable<ReportRow>, translate: Translate, language: Language): Promise<void> {
  stream.write(CSV_BOM + csvLine(reportHeadings(translate, language)));
  for await (const { row, sku, reasons } of rows) {
    if (!stream.write(csvLine([row, sku, reasons.join("; ")]))) await new Promise((resolve) => stream.once("drain", resolve));
  }
  stream.end();
}

/** The report of rejected rows as XLSX, streamed. */
export async function writeReportXlsx(stream: Writable, rows: AsyncIterable<ReportRow>, translate: Translate, language: Language): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(translate(language, "import.report.sheet"), { views: [{ state: "frozen", ySplit: 1 }] });
  const [row, sku, reasons] = reportHeadings(translate, language);
  sheet.columns = [
    { header: row!, width: 8 },
    { header: sku!, width: 20 },
    { header: reasons!, width: 100 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const entry of rows) sheet.addRow([entry.row, entry.sku, entry.reasons.join("\n")]).commit();
  sheet.commit();
  await workbook.commit();
}
