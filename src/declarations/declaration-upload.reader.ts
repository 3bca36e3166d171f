import { detectKind, openFile, readSheetRows } from "../platform/spreadsheets/reader.ts";
import type { LineField, LineInput } from "./declaration.fields.ts";
import { MAX_LINES } from "./declaration.fields.ts";
import {
  columnHeading,
  columnLetter,
  foldHeading,
  headingIndex,
  OPTIONAL_COLUMNS,
  UPLOAD_COLUMNS,
  type Language,
  type Translate,
} from "./declaration-upload.columns.ts";

/** A problem with the file as a whole (its kind, its headings, its size): an i18n key and its values. */
export type FileProblem = { key: string; values?: Record<string, unknown> };

/** Where a field sits in the file: its 0-based column and the heading as the file spells it. */
export type ColumnPlace = { index: number; heading: string };

export type SheetLines = {
  /** The language most of the file's headings are in (the field names count for neither). */
  language: Language;
  columns: Partial<Record<LineField, ColumnPlace>>;
  lines: LineInput[];
  /** The spreadsheet's row number of each line (the heading is row 1). */
  rows: number[];
  fileProblems: FileProblem[];
};

/** Longer cells are cut here: the line checks then name them too long (or malformed) like any other. */
const MAX_CELL = 1_000;

const isBlank = (value: unknown) => value === undefined || value === null || String(value).trim() === "";

/** An XLSX date (a Date at UTC midnight) → "2026-03-15"; Excel stores dates without a time zone. */
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** A cell as the line checks take it: text, or a number where a number means what it says. */
function cellInput(field: LineField, value: unknown): string | number | undefined {
  if (isBlank(value)) return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : isoDay(value);
  if (typeof value === "number") {
    // A code typed into a number cell loses its leading zero (09011110 → 9011110).
    if (field === "hsCode" && Number.isInteger(value) && value > 0 && value < 1e8) return String(value).padStart(8, "0");
    if (field === "customsNumber" && Number.isInteger(value)) return String(value);
    return value;
  }
  if (typeof value === "boolean") return String(value);
  return String(value).trim().slice(0, MAX_CELL);
}

function headingLanguage(votes: Record<Language, number>): Language {
  return votes.en > votes.vi ? "en" : "vi";
}

/**
 * Reads an uploaded declaration spreadsheet (CSV, semicolon CSV or XLSX, told apart by content):
 * the first non-blank row is the heading; each later non-blank row is a line. Rows are streamed; at
 * most MAX_LINES lines are kept (one more makes the file too long and reading stops).
 */
export async function readDeclarationSheet(path: string, translate: Translate): Promise<SheetLines> {
  const result: SheetLines = { language: "vi", columns: {}, lines: [], rows: [], fileProblems: [] };
  const kind = await detectKind(path);
  if (!kind) {
    result.fileProblems.push({ key: "declarations.upload.errors.fileType" });
    return result;
  }
  const index = headingIndex(translate);
  let headingRead = false;
  try {
    for await (const { rowNumber, cells } of readSheetRows(openFile(path), kind)) {
      if (cells.every(isBlank)) continue;
      if (!headingRead) {
        headingRead = true;
        readHeadings(cells, index, result, translate);
        if (result.fileProblems.length > 0) return result;
        continue;
      }
      if (result.lines.length === MAX_LINES) {
        result.fileProblems.push({ key: "declarations.upload.errors.tooManyRows", values: { max: MAX_LINES } });
        return result;
      }
      const line: LineInput = {};
      for (const [field, place] of Object.entries(result.columns) as [LineField, ColumnPlace][]) {
        const value = cellInput(field, cells[place.index]);
        if (value !== undefined) line[field] = value;
      }
      result.lines.push(line);
      result.rows.push(rowNumber);
    }
  } catch {
    // A broken ZIP or an unreadable CSV: what was read is not trustworthy.
    result.fileProblems.push({ key: "declarations.upload.errors.unreadable" });
    return result;
  }
  if (!headingRead) result.fileProblems.push({ key: "declarations.upload.errors.empty" });
  else if (result.lines.length === 0) result.fileProblems.push({ key: "declarations.upload.errors.noLines" });
  return result;
}

function readHeadings(cells: unknown[], index: ReturnType<typeof headingIndex>, result: SheetLines, translate: Translate): void {
  const votes: Record<Language, number> = { vi: 0, en: 0 };
  cells.forEach((cell, position) => {
    if (isBlank(cell)) return;
    const heading = String(cell).trim();
    const match = index.get(foldHeading(heading));
    if (!match) return; // other columns (notes, a row number) are the enterprise's own business
    if (result.columns[match.field]) {
      result.fileProblems.push({ key: "declarations.upload.errors.duplicateColumn", values: { heading } });
      return;
    }
    result.columns[match.field] = { index: position, heading };
    if (match.language) votes[match.language] += 1;
  });
  result.language = headingLanguage(votes);
  const missing = UPLOAD_COLUMNS.filter((field) => !result.columns[field] && !OPTIONAL_COLUMNS.has(field));
  if (missing.length === UPLOAD_COLUMNS.length - OPTIONAL_COLUMNS.size) {
    result.fileProblems.push({ key: "declarations.upload.errors.noHeadings" });
  } else if (missing.length > 0) {
    const columns = missing.map((field) => columnHeading(translate, result.language, field)).join(", ");
    result.fileProblems.push({ key: "declarations.upload.errors.missingColumns", values: { columns } });
  }
}

/** One bad cell, placed as the spreadsheet shows it. */
export type CellProblem = { row: number; column: string; heading: string; field: LineField; value: string; messageKey: string };

export type UploadProblems = {
  /** The form's own fields: period, direction, contactName, contactPhone, contactEmail. */
  header: Record<string, string>;
  cells: CellProblem[];
  /** Problems of the declaration as a whole ("no lines"), as message keys. */
  general: string[];
};

const HEADER_FIELDS: Record<string, string> = {
  period: "period",
  direction: "direction",
  "contact.name": "contactName",
  "contact.phone": "contactPhone",
  "contact.email": "contactEmail",
};

const LINE_PATH = /^lines\.(\d+)\.(\w+)$/;

/**
 * The core's problems (by path: "period", "contact.phone", "lines.3.hsCode") placed in the file: each
 * line's problem at its row and under its column heading, in the file's own spelling and language.
 */
export function placeProblems(errors: Record<string, string>, sheet: SheetLines, translate: Translate): UploadProblems {
  const problems: UploadProblems = { header: {}, cells: [], general: [] };
  for (const [path, messageKey] of Object.entries(errors)) {
    const line = LINE_PATH.exec(path);
    if (!line) {
      if (HEADER_FIELDS[path]) problems.header[HEADER_FIELDS[path]] = messageKey;
      else problems.general.push(messageKey);
      continue;
    }
    const lineIndex = Number(line[1]);
    const field = line[2] as LineField;
    const place = sheet.columns[field];
    const value = sheet.lines[lineIndex]?.[field];
    problems.cells.push({
      row: sheet.rows[lineIndex] ?? lineIndex + 2,
      column: place ? columnLetter(place.index) : "",
      heading: place?.heading ?? columnHeading(translate, sheet.language, field),
      field,
      value: value === undefined ? "" : String(value),
      messageKey,
    });
  }
  const order = (problem: CellProblem) => sheet.columns[problem.field]?.index ?? UPLOAD_COLUMNS.indexOf(problem.field) + 1_000;
  problems.cells.sort((a, b) => a.row - b.row || order(a) - order(b));
  return problems;
}
