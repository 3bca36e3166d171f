import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { CSV_BOM, csvLine } from "../platform/spreadsheets/csv.ts";
import { COMMON_CURRENCIES } from "./reference/currencies.ts";
import { INCOTERMS } from "./reference/incoterms.ts";
import { columnHeading, columnHelp, OPTIONAL_COLUMNS, TEXT_COLUMNS, UPLOAD_COLUMNS, type Language, type Translate } from "./declaration-upload.columns.ts";
import type { CellProblem } from "./declaration-upload.reader.ts";

const WIDTH: Partial<Record<string, number>> = { description: 40, borderGate: 36, hsCode: 14, customsNumber: 18 };

/** The CSV template: UTF-8 with a BOM (Excel shows the Vietnamese letters) and the headings only. */
export function templateCsv(translate: Translate, language: Language): string {
  return CSV_BOM + csvLine(UPLOAD_COLUMNS.map((field) => columnHeading(translate, language, field)));
}

/**
 * The XLSX template: the headings on the first sheet (HS code and customs number columns formatted
 * as text, so Excel keeps their leading zeros and all 12 digits), the columns explained on the second.
 */
export async function writeTemplateXlsx(stream: Writable, translate: Translate, language: Language): Promise<void> {
  const t = (key: string, values?: Record<string, unknown>) => translate(language, key, values);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const data = workbook.addWorksheet(t("declarations.upload.template.sheetData"), { views: [{ state: "frozen", ySplit: 1 }] });
  data.columns = UPLOAD_COLUMNS.map((field) => ({
    header: columnHeading(translate, language, field),
    key: field,
    width: WIDTH[field] ?? 16,
    ...(TEXT_COLUMNS.has(field) ? { style: { numFmt: "@" } } : {}),
  }));
  data.getRow(1).font = { bold: true };
  data.getRow(1).commit();
  data.commit();

  const help = workbook.addWorksheet(t("declarations.upload.template.sheetHelp"));
  help.columns = [
    { header: t("declarations.upload.template.helpColumn"), width: 30 },
    { header: t("declarations.upload.template.helpField"), width: 16 },
    { header: t("declarations.upload.template.helpMeaning"), width: 90 },
    { header: t("declarations.upload.template.helpRequired"), width: 12 },
  ];
  help.getRow(1).font = { bold: true };
  help.getRow(1).commit();
  const yesNo = (flag: boolean) => t(flag ? "declarations.upload.template.yes" : "declarations.upload.template.no");
  for (const field of UPLOAD_COLUMNS) {
    help.addRow([columnHeading(translate, language, field), field, columnHelp(translate, language, field), yesNo(!OPTIONAL_COLUMNS.has(field))]).commit();
  }
  help.addRow([]).commit();
  help.addRow([t("declarations.upload.template.incoterms"), "", INCOTERMS.join(", ")]).commit();
  help.addRow([t("declarations.upload.template.currencies"), "", COMMON_CURRENCIES.join(", ")]).commit();
  help.commit();
  await workbook.commit();
}

/** Every problem of an upload as CSV (the page shows the first ones), messages in the reader's language. */
export function problemsCsv(problems: { cells: CellProblem[]; general: string[] }, translate: Translate, language: Language): string {
  const t = (key: string) => translate(language, key);
  const headings = ["row", "column", "heading", "value", "message"].map((key) => t(`declarations.upload.report.${key}`));
  let text = CSV_BOM + csvLine(headings);
  for (const key of problems.general) text += csvLine(["", "", "", "", t(key)]);
  for (const problem of problems.cells) text += csvLine([problem.row, problem.column, problem.heading, problem.value, t(problem.messageKey)]);
  return text;
}
