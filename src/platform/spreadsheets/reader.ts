import fs from "node:fs";
import type { Readable } from "node:stream";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";

export type FileKind = "csv" | "xlsx";

/** One spreadsheet row as read: its row number as the spreadsheet shows it (the heading is row 1). */
export type SheetRow = { rowNumber: number; cells: unknown[] };

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * The kind of an uploaded file by its content, not its name: XLSX is a ZIP ("PK\x03\x04"); CSV is
 * text (no NUL byte in its first 4 KiB). Anything else (an old .xls, a PDF, an image) is null.
 */
export async function detectKind(path: string): Promise<FileKind | null> {
  const handle = await fs.promises.open(path, "r");
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) return "xlsx";
    if (bytesRead === 0 || bytes.includes(0)) return null;
    return "csv";
  } finally {
    await handle.close();
  }
}

/** Semicolon-separated files (Excel in a Vietnamese locale saves them so) are read as such. */
async function csvDelimiter(open: () => Readable): Promise<string> {
  const stream = open();
  let head = "";
  stream.setEncoding("utf8");
  for await (const chunk of stream) {
    head += chunk;
    if (head.includes("\n") || head.length > 64 * 1024) break;
  }
  stream.destroy();
  const firstLine = head.split("\n", 1)[0] ?? "";
  const count = (char: string) => firstLine.split(char).length - 1;
  return count(";") > count(",") ? ";" : count("\t") > count(",") ? "\t" : ",";
}

async function* csvRows(open: () => Readable): AsyncGenerator<SheetRow> {
  const delimiter = await csvDelimiter(open);
  const source = open();
  const parser = source.pipe(parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: false, max_record_size: 1_000_000 }));
  source.on("error", (error) => parser.destroy(error));
  let rowNumber = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNumber += 1;
      yield { rowNumber, cells: record };
    }
  } finally {
    source.destroy();
    parser.destroy();
  }
}

/** A cell's value as read by ExcelJS's streaming reader: rich text, formulas and links reduced to a value. */
function cellValue(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date || typeof value !== "object") return value;
  const object = value as Record<string, unknown>;
  if (Array.isArray(object.richText)) return (object.richText as { text: string }[]).map((part) => part.text).join("");
  if ("result" in object) return cellValue(object.result);
  if ("text" in object) return cellValue(object.text);
  if ("error" in object) return String(object.error);
  return undefined;
}

/** Decodes UTF-8 across chunk boundaries (one decoder for the whole stream). */
async function* utf8Text(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of chunks) {
    const text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

type ReaderInternals = {
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): AsyncGenerator<unknown>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
};

/**
 * ExcelJS 4.4's streaming reader decodes each zip chunk on its own, so a Vietnamese letter split
 * across two chunks comes out as "\uFFFD\uFFFD" (seen on a 10,000-row file: "Có" → "C��"). The
 * sheet and the shared strings are handed to its XML parser as already-decoded text instead.
 */
function decodeUtf8Whole(workbook: object): void {
  const reader = workbook as ReaderInternals;
  const parseWorksheet = reader._parseWorksheet.bind(reader);
  const parseSharedStrings = reader._parseSharedStrings.bind(reader);
  reader._parseWorksheet = (iterator, sheetNo) => parseWorksheet(utf8Text(iterator), sheetNo);
  reader._parseSharedStrings = (entry) => parseSharedStrings(entry.setEncoding("utf8"));
}

async function* xlsxRows(open: () => Readable): AsyncGenerator<SheetRow> {
  const source = open();
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache", // dates are numbers with a date style
    hyperlinks: "ignore",
    entries: "ignore",
  });
  decodeUtf8Whole(workbook);
  try {
    for await (const worksheet of workbook) {
      // Only the first sheet holds data; the template's second sheet explains the columns.
      for await (const row of worksheet) {
        const values = row.values as unknown[];
        yield { rowNumber: row.number, cells: values.slice(1).map(cellValue) };
      }
      break;
    }
  } finally {
    source.destroy();
  }
}

/** The rows of the file's first sheet, one at a time: the file is never held whole in memory. */
export function readSheetRows(open: () => Readable, kind: FileKind): AsyncGenerator<SheetRow> {
  return kind === "xlsx" ? xlsxRows(open) : csvRows(open);
}

export const openFile = (path: string) => () => fs.createReadStream(path);

