/**
 * Amounts as people type them on Vietnamese and English forms and spreadsheets, to integers in
 * the currency's minor unit (VND đồng, USD cents): never a float for money.
 *   "12.500.000" or "12 500 000" (VND) → 12500000; "1,234.56" or "1.234,56" (USD) → 123456; 99.5 → 9950.
 * Null when the text is not an amount or has more decimals than the currency allows.
 */
export function parseAmount(input: unknown, digits: number): number | null {
  if (typeof input === "number") return fromNumber(input, digits);
  const text = typeof input === "string" ? input.trim().replace(/\s/g, "") : null;
  if (!text || !/^\d[\d.,]*$/.test(text)) return null;
  const { whole, fraction } = splitDecimal(text);
  if (whole === null || fraction.length > digits) return null;
  const minor = BigInt(whole + fraction.padEnd(digits, "0"));
  return minor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(minor) : null;
}

/** A JSON number: exact in the minor unit or refused (99.999 USD is not an amount). */
function fromNumber(value: number, digits: number): number | null {
  if (!Number.isFinite(value) || value < 0) return null;
  const minor = Math.round(value * 10 ** digits);
  if (Math.abs(minor - value * 10 ** digits) > 1e-6 * Math.max(1, minor) || !Number.isSafeInteger(minor)) return null;
  return minor;
}

/**
 * The last "." or "," is the decimal mark, except that one kind of separator followed by groups of
 * exactly three digits is thousands grouping ("1.000" and "1,000" are a thousand in both conventions).
 */
function splitDecimal(text: string): { whole: string | null; fraction: string } {
  const mark = Math.max(text.lastIndexOf("."), text.lastIndexOf(","));
  const tail = mark >= 0 ? text.slice(mark + 1) : "";
  const isGrouping = tail.length === 3 && new Set(text.match(/[.,]/g)).size === 1;
  if (mark < 0 || isGrouping) return { whole: grouped(text), fraction: "" };
  const head = text.slice(0, mark);
  return { whole: head === "" ? null : grouped(head), fraction: tail };
}

/** "12.500.000" → "12500000"; groups must be of three digits; a single kind of separator. */
function grouped(text: string): string | null {
  if (/^\d+$/.test(text)) return text;
  if (!/^[1-9]\d{0,2}([.,]\d{3})+$/.test(text) || new Set(text.match(/[.,]/g)).size > 1) return null;
  return text.replace(/[.,]/g, "");
}

/** A positive quantity with at most 3 decimals ("1.250,5" / "1,250.5" / "12.5" / 12.5). */
export function parseQuantity(input: unknown): number | null {
  const thousandths = parseAmount(input, 3);
  return thousandths === null ? null : thousandths / 1000;
}

/** 123456 (cents, 2 digits) → "1234.56": the canonical text of a minor-unit amount. */
export function formatMinor(minor: number, digits: number): string {
  if (digits === 0) return String(minor);
  const text = String(minor).padStart(digits + 1, "0");
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
