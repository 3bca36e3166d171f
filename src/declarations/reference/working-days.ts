/**
 * Vietnam's fixed-date public holidays (month-day). Tết and the Hùng Kings' day follow the lunar
 * calendar and are not computed here; the department adds them through config if it wants them counted.
 */
const FIXED_HOLIDAYS = new Set(["01-01", "04-30", "05-01", "09-02"]);

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

function isWorkingDay(vietnamDate: Date, extraHolidays: ReadonlySet<string>): boolean {
  const day = vietnamDate.getUTCDay();
  if (day === 0 || day === 6) return false;
  const iso = vietnamDate.toISOString().slice(0, 10);
  return !FIXED_HOLIDAYS.has(iso.slice(5)) && !extraHolidays.has(iso);
}

/**
 * The end (23:59:59 in Vietnam, UTC+7) of the Nth working day after `from`: the date a review is due,
 * as an online public service counts it (the day of receipt is day 0).
 */
export function addWorkingDays(from: Date, days: number, extraHolidays: ReadonlySet<string> = new Set()): Date {
  const cursor = new Date(from.getTime() + VIETNAM_OFFSET_MS);
  cursor.setUTCHours(0, 0, 0, 0);
  let remaining = days;
  while (remaining > 0) {
    cursor.setUTCDate(cursor.getUTCDate() + 1);
    if (isWorkingDay(cursor, extraHolidays)) remaining -= 1;
  }
  return new Date(cursor.getTime() + 24 * 60 * 60 * 1000 - 1000 - VIETNAM_OFFSET_MS);
}
