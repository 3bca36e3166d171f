/** ISO 4217 currencies the runtime knows (Intl), with their number of minor-unit digits (VND 0, USD 2, KWD 3). */
export const CURRENCY_CODES: readonly string[] = Object.freeze(Intl.supportedValuesOf("currency"));
const KNOWN = new Set(CURRENCY_CODES);

export const isCurrencyCode = (code: string): boolean => KNOWN.has(code);

// Memoized: building an Intl.NumberFormat costs ~0.08 ms, and a 5,000-line upload asks twice a line.
const digitsByCurrency = new Map<string, number>();

export function minorDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** The currencies offered first in forms: those Gia Lai's trade is invoiced in. */
export const COMMON_CURRENCIES = ["USD", "VND", "EUR", "CNY", "JPY", "KRW", "THB", "LAK", "KHR", "SGD", "AUD", "GBP"] as const;
