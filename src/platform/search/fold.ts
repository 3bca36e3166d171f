/**
 * Folds Vietnamese text for matching: lower case, tone marks and vowel marks removed, đ → d.
 * "Cà phê Đắk Đoa" → "ca phe dak doa". Both search engines index and query folded text, so
 * "ca phe", "CA PHE" and "cà phê" meet. Stored text keeps its marks (NFC); only the index folds.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Mn}/gu, "")
    .toLowerCase()
    .replace(/đ/g, "d")
    .normalize("NFC");
}

/** Splits folded text into search terms (letters and digits). */
export function searchTerms(text: string): string[] {
  return foldVietnamese(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}
