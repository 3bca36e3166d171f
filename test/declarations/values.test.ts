import assert from "node:assert/strict";
import { parseAmount, parseQuantity, formatMinor } from "../../src/declarations/declaration.amounts.ts";
import { parsePeriod, periodRange, previousMonthKey } from "../../src/declarations/declaration.period.ts";
import { addWorkingDays } from "../../src/declarations/reference/working-days.ts";
import { toIsoDate } from "../../src/declarations/declaration.fields.ts";

describe("declaration values: amounts, periods and due dates as people write them", () => {
  it("reads amounts in Vietnamese and English notation into integer minor units", () => {
    const cases: [unknown, number, number | null][] = [
      ["12.500.000", 0, 12_500_000], // VND with dots
      ["12 500 000", 0, 12_500_000],
      ["1.234,56", 2, 123_456], // Vietnamese decimal comma
      ["1,234.56", 2, 123_456], // English
      ["1.234", 2, 123_400], // one separator + three digits: thousands in both conventions
      ["12,5", 2, 1_250],
      [99.5, 2, 9_950], // JSON number
      [0.1 + 0.2, 2, 30],
    ];
    for (const [input, digits, expected] of cases) assert.equal(parseAmount(input, digits), expected, `${JSON.stringify(input)} (${digits} digits)`);
  });

  it("refuses what is not an amount: negatives, letters, too many decimals, misplaced groups", () => {
    for (const [input, digits] of [["-5", 2], ["abc", 2], ["1.5", 0], ["99.9999", 2], [99.999, 2], ["0,001", 2], ["1.23.4", 2], ["1.234,5.6", 2], ["", 2]] as const) {
      assert.equal(parseAmount(input, digits), null, `${JSON.stringify(input)} (${digits} digits)`);
    }
  });

  it("keeps quantities to three decimals and prints minor units canonically", () => {
    assert.equal(parseQuantity("1.250,5"), 1250.5);
    assert.equal(parseQuantity(12.125), 12.125);
    assert.equal(parseQuantity("0.0001"), null);
    assert.equal(formatMinor(123_456, 2), "1234.56");
    assert.equal(formatMinor(5, 2), "0.05");
    assert.equal(formatMinor(12_500_000, 0), "12500000");
  });

  it("reads periods as months or quarters and knows their first and last days", () => {
    assert.deepEqual(parsePeriod("2026-q1"), { kind: "quarter", year: 2026, number: 1, key: "2026-Q1" });
    assert.deepEqual(periodRange(parsePeriod("2028-02")!), { first: "2028-02-01", last: "2028-02-29" });
    assert.deepEqual(periodRange(parsePeriod("2026-Q4")!), { first: "2026-10-01", last: "2026-12-31" });
    for (const bad of ["2026-13", "2026-Q5", "26-03", "2026/03", "1999-01"]) assert.equal(parsePeriod(bad), null, bad);
    assert.equal(previousMonthKey("2026-11-27"), "2026-10");
    assert.equal(previousMonthKey("2027-01-01"), "2026-12");
  });

  it("reads customs dates written the Vietnamese way and refuses impossible dates", () => {
    assert.equal(toIsoDate("5/3/2026"), "2026-03-05");
    assert.equal(toIsoDate("2026-03-05"), "2026-03-05");
    assert.equal(toIsoDate("31/02/2026"), null);
    assert.equal(toIsoDate("03-05-2026"), null);
  });

  it("counts a review's due date in working days, skipping weekends and fixed public holidays", () => {
    // Friday 24 April 2026, 10:00 in Vietnam; Sat–Sun, 30/4 and 1/5 are not working days.
    const due = addWorkingDays(new Date("2026-04-24T03:00:00Z"), 5);
    assert.equal(due.toISOString(), "2026-05-05T16:59:59.000Z"); // Mon 27, Tue 28, Wed 29, Mon 4, Tue 5: end of 5 May in Vietnam
  });
});
