/**
 * Writing CSV that Excel opens correctly (UTF-8 with a byte-order mark, CRLF lines) and that cannot
 * smuggle a formula into a spreadsheet. Shared by the product import and the declaration upload.
 */

/** A CSV field, quoted when it needs to be; a leading =, +, - or @ is neutralised (no formulas in Excel). */
export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (fields: (string | number)[]) => `${fields.map(csvField).join(",")}\r\n`;

/** UTF-8 with a byte-order mark, so that Excel shows Vietnamese letters correctly. */
export const CSV_BOM = "\uFEFF";
