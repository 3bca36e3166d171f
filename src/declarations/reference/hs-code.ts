/**
 * Vietnam's tariff nomenclature (AHTN-based) uses 8-digit codes: chapter (2) · heading (4) ·
 * HS subheading (6) · national line (8). Chapters run 01–97; chapter 77 is reserved and unused.
 */
export const HS_CODE = /^\d{8}$/;

export function hsChapter(code: string): number {
  return Number(code.slice(0, 2));
}

export function isRealChapter(chapter: number): boolean {
  return chapter >= 1 && chapter <= 97 && chapter !== 77;
}

/** Accepts "0901.11.10", "0901 11 10" or "09011110" as typed on customs papers; returns the 8 digits. */
export function normalizeHsCode(input: string): string {
  return input.replace(/[\s.]/g, "");
}
