import fs from "node:fs";
import { parse } from "csv-parse/sync";
import { ValidationError } from "../../platform/errors.ts";

export type NomenclatureRow = { code: string; description: string; parent: string; level: number };

export const HS_LEVELS = [2, 4, 6, 8] as const;
const MAX_REPORTED_ERRORS = 100;

/** The heading line decides the separator: descriptions hold semicolons ("Animals; live") unquoted. */
function delimiterOf(text: string): "," | ";" {
  const heading = text.slice(0, text.indexOf("\n") === -1 ? text.length : text.indexOf("\n"));
  return heading.includes(";") && !heading.includes(",") ? ";" : ",";
}

/**
 * Reads and checks a whole nomenclature file: a heading naming `code` (or `hscode`), `description`,
 * `parent`, `level` (other columns ignored), then one row per code. Any problem refuses the whole file
 * with the rows named (`row.12.code`; the heading is row 1). A self-parented non-numeric row (the
 * public HS list's "TOTAL" root) is the top of the tree, not a code, and is skipped.
 */
export async function readNomenclatureCsv(path: string): Promise<{ rows: NomenclatureRow[]; skipped: number }> {
  const text = await fs.promises.readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" || error.code === "EISDIR") throw new ValidationError({ file: "nomenclature.errors.missingFile" });
    throw error;
  });
  let records: string[][];
  try {
    records = parse(text, { delimiter: delimiterOf(text), bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
  } catch {
    throw new ValidationError({ file: "nomenclature.errors.unreadable" });
  }
  const heading = (records[0] ?? []).map((cell) => cell.toLowerCase());
  const column = (...names: string[]) => heading.findIndex((cell) => names.includes(cell));
  const at = { code: column("code", "hscode"), description: column("description"), parent: column("parent"), level: column("level") };
  const missing = Object.entries(at).filter(([, index]) => index === -1).map(([name]) => name);
  if (missing.length) throw new ValidationError({ file: "nomenclature.errors.columns" });
  if (records.length < 2) throw new ValidationError({ file: "nomenclature.errors.empty" });

  const errors: Record<string, string> = {};
  let errorCount = 0;
  const fail = (row: number, field: string, key: string) => {
    errorCount += 1;
    if (errorCount <= MAX_REPORTED_ERRORS) errors[`row.${row}.${field}`] ??= key;
  };
  const rows: (NomenclatureRow & { row: number })[] = [];
  let skipped = 0;
  records.slice(1).forEach((record, index) => {
    const row = index + 2;
    const code = (record[at.code] ?? "").replace(/[.\s]/g, "");
    const description = (record[at.description] ?? "").normalize("NFC");
    const parent = (record[at.parent] ?? "").replace(/[.\s]/g, "");
    const levelText = record[at.level] ?? "";
    if (code !== "" && code === parent && !/^\d+$/.test(code)) {
      skipped += 1;
      return;
    }
    const level = /^\d+$/.test(levelText) ? Number(levelText) : NaN;
    if (!(HS_LEVELS as readonly number[]).includes(level)) fail(row, "level", "nomenclature.errors.level");
    if (!/^\d+$/.test(code)) fail(row, "code", "nomenclature.errors.codeDigits");
    else if (!(HS_LEVELS as readonly number[]).includes(code.length)) fail(row, "code", "nomenclature.errors.codeLength");
    else if (code.length !== level && !Number.isNaN(level)) fail(row, "code", "nomenclature.errors.codeLevel");
    else if (code.length > 2 && parent !== code.slice(0, code.length - 2)) fail(row, "parent", "nomenclature.errors.parent");
    if (description === "") fail(row, "description", "nomenclature.errors.description");
    if (description.length > 2_000) fail(row, "description", "nomenclature.errors.descriptionLength");
    rows.push({ row, code, description, parent, level });
  });

  // Across rows: each code once; each code's parent present in the file.
  const rowOf = new Map<string, number>();
  for (const { row, code } of rows) {
    if (rowOf.has(code)) fail(row, "code", "nomenclature.errors.duplicate");
    else rowOf.set(code, row);
  }
  for (const { row, code, parent } of rows) {
    if (/^\d+$/.test(code) && code.length > 2 && parent === code.slice(0, code.length - 2) && !rowOf.has(parent)) {
      fail(row, "parent", "nomenclature.errors.parentMissing");
    }
  }
  if (errorCount > MAX_REPORTED_ERRORS) errors.file = "nomenclature.errors.tooMany";
  if (errorCount > 0) throw new ValidationError(errors, "nomenclature.errors.refused");
  return { rows: rows.map(({ row: _row, ...entry }) => entry), skipped };
}
