import { LINE_FIELDS, type LineField, type StoredLine } from "./declaration.fields.ts";
import { periodKey } from "./declaration.period.ts";
import { countryOptions, isCountryCode } from "./reference/countries.ts";

/**
 * The web form of a declaration as flat fields (`period`, `contact[name]`, `lines[3][hsCode]`),
 * turned into the core's input shape and back. The body parser is not "extended", so the bracketed
 * keys are read here. Pure functions: no request, no database.
 */

/** The form's own body parser (src/app.ts) allows 1,300 fields: 12 per line, plus the header's. Longer declarations go through the spreadsheet upload. */
export const MAX_FORM_LINES = 100;
export const BLANK_ROWS = 3;

export type FormLine = Record<LineField, string>;
export type FormValues = {
  period: string;
  direction: string;
  contact: { name: string; phone: string; email: string };
  lines: FormLine[];
};
export type FormAction = { kind: "save" | "submit" | "addLine" } | { kind: "removeLine"; index: number };

const LINE_KEY = /^lines\[(\d{1,3})\]\[([A-Za-z]+)\]$/;
const CONTACT_KEY = /^contact\[(name|phone|email)\]$/;
const isLineField = (name: string): name is LineField => (LINE_FIELDS as readonly string[]).includes(name);
const text = (value: unknown): string => (typeof value === "string" ? value : Array.isArray(value) ? String(value[0] ?? "") : "");

export const blankLine = (): FormLine => Object.fromEntries(LINE_FIELDS.map((field) => [field, ""])) as FormLine;
const isBlank = (line: FormLine) => LINE_FIELDS.every((field) => line[field].trim() === "");

/** Reads the form's fields; rows left entirely blank are not lines. */
export function parseDeclarationForm(body: Record<string, unknown> | undefined): { values: FormValues; action: FormAction; revision: number | undefined; rowCount: number } {
  const values: FormValues = { period: text(body?.period).trim(), direction: text(body?.direction).trim(), contact: { name: "", phone: "", email: "" }, lines: [] };
  const rows = new Map<number, FormLine>();
  for (const [key, raw] of Object.entries(body ?? {})) {
    const contact = CONTACT_KEY.exec(key);
    if (contact) values.contact[contact[1] as "name" | "phone" | "email"] = text(raw);
    const line = LINE_KEY.exec(key);
    if (line && isLineField(line[2]!)) {
      const index = Number(line[1]);
      if (!rows.has(index)) rows.set(index, blankLine());
      rows.get(index)![line[2]] = text(raw);
    }
  }
  const action = actionOf(text(body?.action));
  const ordered = [...rows.entries()].sort(([a], [b]) => a - b).map(([, line]) => line);
  // "Remove" names the row as shown, blank rows included.
  if (action.kind === "removeLine") ordered.splice(action.index, 1);
  values.lines = ordered.filter((line) => !isBlank(line));
  const revision = /^\d{1,9}$/.test(text(body?.revision)) ? Number(text(body?.revision)) : undefined;
  return { values, action, revision, rowCount: ordered.length };
}

function actionOf(value: string): FormAction {
  if (value === "submit" || value === "addLine") return { kind: value };
  const remove = /^removeLine:(\d{1,3})$/.exec(value);
  return remove ? { kind: "removeLine", index: Number(remove[1]) } : { kind: "save" };
}

/** A country typed by its name in Vietnamese or English (the form's search box) is stored as its code. */
export function countryCodeOf(value: string): string {
  const typed = value.normalize("NFC").trim();
  if (typed === "" || isCountryCode(typed.toUpperCase())) return typed.toUpperCase();
  const wanted = typed.toLocaleLowerCase("vi");
  const found = countryOptions("vi").find((option) => option.name.toLocaleLowerCase("vi") === wanted || option.otherName.toLocaleLowerCase("en") === wanted);
  return found?.code ?? typed;
}

/** The core's input: `{ period, direction, contact, lines }` with each line's fields as typed. */
export function inputOfForm(values: FormValues) {
  return {
    period: values.period,
    direction: values.direction,
    contact: { ...values.contact },
    lines: values.lines.map((line) => ({ ...line, partnerCountry: countryCodeOf(line.partnerCountry) })),
  };
}

/** A stored declaration (or version) back into the form's values, as it was saved. */
export function formValuesOf(declaration: { period: { key: string }; direction: string; contact: { name: string; phone: string; email: string }; lines: StoredLine[] }): FormValues {
  return {
    period: declaration.period.key,
    direction: declaration.direction,
    contact: { ...declaration.contact },
    lines: declaration.lines.map((line) => Object.fromEntries(LINE_FIELDS.map((field) => [field, line[field] ?? ""])) as FormLine),
  };
}

/** The rows the form shows: the lines, then blank rows up to `BLANK_ROWS` more (never past the limit). */
export function rowsOf(lines: FormLine[], extra = lines.length === 0 ? BLANK_ROWS : 0): FormLine[] {
  const rows = [...lines];
  while (rows.length < Math.min(MAX_FORM_LINES, lines.length + extra)) rows.push(blankLine());
  return rows.length > 0 ? rows : [blankLine()];
}

/** "lines.3.hsCode" → lines[3].hsCode's message; header messages by their path. */
export function errorsByRow(errors: Record<string, string>): { header: Record<string, string>; lines: Record<string, string>[] } {
  const header: Record<string, string> = {};
  const lines: Record<string, string>[] = [];
  for (const [path, message] of Object.entries(errors)) {
    const match = /^lines\.(\d+)\.(\w+)$/.exec(path);
    if (match) (lines[Number(match[1])] ??= {})[match[2]!] = message;
    else header[path] = message;
  }
  return { header, lines };
}

/** The periods offered: the last 12 months and the last 4 quarters that have begun, newest first (plus the current value). */
export function periodChoices(today: string, current = ""): { key: string; kind: "month" | "quarter"; year: number; number: number }[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const months = Array.from({ length: 12 }, (_, back) => {
    const date = new Date(Date.UTC(year, month - 1 - back, 1));
    const number = date.getUTCMonth() + 1;
    return { key: periodKey("month", date.getUTCFullYear(), number), kind: "month" as const, year: date.getUTCFullYear(), number };
  });
  const quarter = Math.ceil(month / 3);
  const quarters = Array.from({ length: 4 }, (_, back) => {
    const index = year * 4 + (quarter - 1) - back;
    const y = Math.floor(index / 4);
    const number = (index % 4) + 1;
    return { key: periodKey("quarter", y, number), kind: "quarter" as const, year: y, number };
  });
  const choices = [...months, ...quarters];
  const parsed = /^(\d{4})-(?:(\d{2})|Q([1-4]))$/.exec(current);
  if (parsed && !choices.some((choice) => choice.key === current)) {
    choices.push(parsed[2]
      ? { key: current, kind: "month", year: Number(parsed[1]), number: Number(parsed[2]) }
      : { key: current, kind: "quarter", year: Number(parsed[1]), number: Number(parsed[3]) });
  }
  return choices;
}
