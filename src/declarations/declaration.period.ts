/**
 * A reporting period: a month ("2026-03") or, for enterprises that report quarterly, a quarter
 * ("2026-Q1"). The key is what people type, what the API takes and what the records are grouped by.
 */
export type Period = { kind: "month" | "quarter"; year: number; number: number; key: string };

const PERIOD_KEY = /^(\d{4})-(?:(0[1-9]|1[0-2])|Q([1-4]))$/;

export function parsePeriod(key: string): Period | null {
  const match = PERIOD_KEY.exec(key.trim().toUpperCase());
  if (!match) return null;
  const year = Number(match[1]);
  if (year < 2000 || year > 2100) return null;
  return match[2]
    ? { kind: "month", year, number: Number(match[2]), key: `${year}-${match[2]}` }
    : { kind: "quarter", year, number: Number(match[3]), key: `${year}-Q${match[3]}` };
}

export function periodKey(kind: Period["kind"], year: number, number: number): string {
  return kind === "month" ? `${year}-${String(number).padStart(2, "0")}` : `${year}-Q${number}`;
}

/** The first and last calendar day of the period, as ISO dates ("2026-01-01", "2026-03-31"). */
export function periodRange(period: Period): { first: string; last: string } {
  const firstMonth = period.kind === "month" ? period.number : (period.number - 1) * 3 + 1;
  const lastMonth = period.kind === "month" ? period.number : period.number * 3;
  const lastDay = new Date(Date.UTC(period.year, lastMonth, 0)).getUTCDate();
  const pad = (value: number) => String(value).padStart(2, "0");
  return { first: `${period.year}-${pad(firstMonth)}-01`, last: `${period.year}-${pad(lastMonth)}-${pad(lastDay)}` };
}

/** A period can be declared once it has begun (goods cleared on its first day can be reported). */
export function periodHasBegun(period: Period, today: string): boolean {
  return periodRange(period).first <= today;
}

/** The month before the one of `today` ("2026-11-27" → "2026-10"): what an enterprise most often declares. */
export function previousMonthKey(today: string): string {
  const [year, month] = today.split("-").map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`;
}

/** Today's date in Vietnam (UTC+7) as an ISO date. */
export function vietnamToday(now = new Date()): string {
  return new Date(now.getTime() + 7 * 60 * 60 * 1000).toISOString().slice(0, 10);
}
