import { z } from "zod";
import { parseAmount, parseQuantity, formatMinor } from "./declaration.amounts.ts";
import { isCountryCode } from "./reference/countries.ts";
import { isCurrencyCode, minorDigits } from "./reference/currencies.ts";
import { HS_CODE, hsChapter, isRealChapter, normalizeHsCode } from "./reference/hs-code.ts";
import { INCOTERMS } from "./reference/incoterms.ts";

/**
 * One check per field of a declaration line, shared by the web form, the spreadsheet upload and
 * the JSON API. Each check turns what was typed into its canonical text (and number, for amounts)
 * or names the problem with an i18n key (`declarations.errors.*`).
 */

export const LINE_FIELDS = [
  "hsCode",
  "description",
  "partnerCountry",
  "quantity",
  "unit",
  "valueAmount",
  "currency",
  "valueUsd",
  "incoterm",
  "customsNumber",
  "customsDate",
  "borderGate",
] as const;
export type LineField = (typeof LINE_FIELDS)[number];

/** A line as typed: every field is text (a JSON number is accepted and turned into text). */
export type LineInput = Partial<Record<LineField, string | number>>;

/** A line as stored: canonical text where valid, the typed text otherwise; numbers only where valid. */
export type StoredLine = Record<LineField, string> & { quantityValue?: number; valueMinor?: number; valueUsdCents?: number };

export const MAX_LINES = 10_000;
const MAX_TEXT = { description: 500, unit: 20, borderGate: 120 } as const;
const key = (name: string) => `declarations.errors.${name}`;

export const lineInputSchema = z.record(
  z.string(),
  z.union([z.string().max(1_000, { error: key("tooLong") }), z.number(), z.null()], { error: "errors.validation.invalid" }),
);

const text = (value: string | number | undefined) => (value === undefined || value === null ? "" : String(value).normalize("NFC").trim());

type Check = { ok: true; text: string } | { ok: false; error: string };
const ok = (value: string): Check => ({ ok: true, text: value });
const fail = (name: string): Check => ({ ok: false, error: key(name) });

function checkHsCode(value: string): Check {
  if (value === "") return fail("hsCodeRequired");
  const code = normalizeHsCode(value);
  if (!HS_CODE.test(code)) return fail("hsCodeFormat");
  return isRealChapter(hsChapter(code)) ? ok(code) : fail("hsCodeChapter");
}

function checkRequiredText(value: string, max: number, missing: string): Check {
  if (value === "") return fail(missing);
  return value.length > max ? fail("tooLong") : ok(value);
}

function checkCountry(value: string): Check {
  if (value === "") return fail("countryRequired");
  return isCountryCode(value.toUpperCase()) ? ok(value.toUpperCase()) : fail("countryUnknown");
}

function checkCurrency(value: string): Check {
  if (value === "") return fail("currencyRequired");
  return isCurrencyCode(value.toUpperCase()) ? ok(value.toUpperCase()) : fail("currencyUnknown");
}

function checkIncoterm(value: string): Check {
  if (value === "") return fail("incotermRequired");
  return (INCOTERMS as readonly string[]).includes(value.toUpperCase()) ? ok(value.toUpperCase()) : fail("incotermUnknown");
}

function checkCustomsNumber(value: string): Check {
  if (value === "") return fail("customsNumberRequired");
  return /^\d{12}$/.test(value.replace(/\s/g, "")) ? ok(value.replace(/\s/g, "")) : fail("customsNumberFormat");
}

function checkDate(value: string, today: string): Check {
  if (value === "") return fail("customsDateRequired");
  const iso = toIsoDate(value);
  if (!iso) return fail("customsDateFormat");
  return iso > today ? fail("customsDateFuture") : ok(iso);
}

/** "2026-03-15" or the Vietnamese "15/03/2026"; null when it is not a real calendar date. */
export function toIsoDate(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) ?? /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = value.includes("/") ? [match[3], match[2], match[1]] : [match[1], match[2], match[3]];
  const iso = `${year}-${month!.padStart(2, "0")}-${day!.padStart(2, "0")}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

/**
 * Checks one line. `errors` maps each bad field to its message key; `line` keeps every field
 * (canonical where valid), so a draft never loses what was typed.
 */
export function checkLine(input: LineInput, { today }: { today: string }): { line: StoredLine; errors: Partial<Record<LineField, string>> } {
  const raw = Object.fromEntries(LINE_FIELDS.map((field) => [field, text(input[field])])) as Record<LineField, string>;
  const checks: Partial<Record<LineField, Check>> = {
    hsCode: checkHsCode(raw.hsCode),
    description: checkRequiredText(raw.description, MAX_TEXT.description, "descriptionRequired"),
    partnerCountry: checkCountry(raw.partnerCountry),
    unit: checkRequiredText(raw.unit, MAX_TEXT.unit, "unitRequired"),
    currency: checkCurrency(raw.currency),
    incoterm: checkIncoterm(raw.incoterm),
    customsNumber: checkCustomsNumber(raw.customsNumber),
    customsDate: checkDate(raw.customsDate, today),
    borderGate: checkRequiredText(raw.borderGate, MAX_TEXT.borderGate, "borderGateRequired"),
  };
  const line = { ...raw } as StoredLine;
  const errors: Partial<Record<LineField, string>> = {};
  for (const [field, check] of Object.entries(checks) as [LineField, Check][]) {
    if (check.ok) line[field] = check.text;
    else errors[field] = check.error;
  }

  const quantity = raw.quantity === "" ? null : parseQuantity(input.quantity ?? raw.quantity);
  if (raw.quantity === "") errors.quantity = key("quantityRequired");
  else if (quantity === null || quantity <= 0) errors.quantity = key("quantityPositive");
  else Object.assign(line, { quantity: String(quantity), quantityValue: quantity });

  const currency = checks.currency?.ok ? line.currency : null;
  if (raw.valueAmount === "") errors.valueAmount = key("valueRequired");
  else if (currency) {
    const minor = parseAmount(input.valueAmount ?? raw.valueAmount, minorDigits(currency));
    if (minor === null || minor <= 0) errors.valueAmount = key("valuePositive");
    else Object.assign(line, { valueAmount: formatMinor(minor, minorDigits(currency)), valueMinor: minor });
  }

  const usdText = raw.valueUsd === "" && currency === "USD" ? raw.valueAmount : raw.valueUsd;
  if (usdText === "") errors.valueUsd = key("valueUsdRequired");
  else {
    const cents = parseAmount(raw.valueUsd === "" ? (input.valueAmount ?? usdText) : (input.valueUsd ?? usdText), 2);
    if (cents === null || cents <= 0) errors.valueUsd = key("valuePositive");
    else if (currency === "USD" && line.valueMinor !== undefined && cents !== line.valueMinor) errors.valueUsd = key("valueUsdMismatch");
    else Object.assign(line, { valueUsd: formatMinor(cents, 2), valueUsdCents: cents });
  }
  return { line, errors };
}
