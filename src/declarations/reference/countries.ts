import countries from "i18n-iso-countries";

/** Every ISO 3166-1 alpha-2 code (the list from i18n-iso-countries; names from the runtime's CLDR data). */
export const COUNTRY_CODES: readonly string[] = Object.freeze(Object.keys(countries.getAlpha2Codes()).sort());
const KNOWN = new Set(COUNTRY_CODES);

export const isCountryCode = (code: string): boolean => KNOWN.has(code);

const displayNames = {
  vi: new Intl.DisplayNames(["vi"], { type: "region", fallback: "code" }),
  en: new Intl.DisplayNames(["en"], { type: "region", fallback: "code" }),
};

export const countryName = (code: string, language: "vi" | "en"): string => displayNames[language].of(code) ?? code;

export type CountryOption = { code: string; name: string; otherName: string };

const collators = { vi: new Intl.Collator("vi"), en: new Intl.Collator("en") };
const optionsCache = new Map<"vi" | "en", CountryOption[]>();

/** Countries sorted by their name in the reader's language, each also carrying its name in the other language (for searching by either). */
export function countryOptions(language: "vi" | "en"): CountryOption[] {
  const cached = optionsCache.get(language);
  if (cached) return cached;
  const other = language === "vi" ? "en" : "vi";
  const options = COUNTRY_CODES.map((code) => ({ code, name: countryName(code, language), otherName: countryName(code, other) })).sort((a, b) =>
    collators[language].compare(a.name, b.name),
  );
  optionsCache.set(language, options);
  return options;
}
