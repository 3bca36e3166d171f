import type { Request, Response } from "express";
import { ConflictError, ValidationError } from "../platform/errors.ts";
import { MAX_PRICE_TIERS } from "./product.schemas.ts";
import { PRODUCT_CERTIFICATIONS, UNITS, type Product } from "./product.model.ts";
import type { CategoryEntry } from "./category.service.ts";

/**
 * The listing form: flat field names (`name_vi`, `tier2_min`, `ocop_stars`…) to and from the
 * seller's input, and the form's option lists. Empty price-tier rows are ignored.
 */
type Body = Record<string, unknown>;
const str = (value: unknown) => (Array.isArray(value) ? String(value[value.length - 1] ?? "") : value === undefined || value === null ? "" : String(value));
const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : value === undefined || value === "" ? [] : [String(value)]);
const blank = (value: unknown) => str(value).trim() === "";

/** The form's fields as the input `productInputSchema` parses, and which form row each tier came from. */
export function formToInput(body: Body): { input: Record<string, unknown>; tierRows: number[] } {
  const tierRows: number[] = [];
  const priceTiers: Record<string, string>[] = [];
  for (let row = 0; row < MAX_PRICE_TIERS; row++) {
    const minQty = body[`tier${row}_min`];
    const priceVnd = body[`tier${row}_price`];
    if (blank(minQty) && blank(priceVnd)) continue;
    priceTiers.push({ minQty: str(minQty), priceVnd: str(priceVnd) });
    tierRows.push(row);
  }
  const input = {
    sku: str(body.sku),
    name: { vi: str(body.name_vi), en: str(body.name_en) },
    description: { vi: str(body.description_vi), en: str(body.description_en) },
    category: str(body.category),
    unit: str(body.unit),
    priceTiers,
    minOrderQty: str(body.minOrderQty),
    stock: str(body.stock),
    leadTimeDays: str(body.leadTimeDays),
    madeInVietnam: str(body.madeInVietnam) === "yes",
    originProvince: str(body.originProvince),
    hsCode: str(body.hsCode),
    ocop: blank(body.ocop_stars) && blank(body.ocop_certificateNo) && blank(body.ocop_expiresAt)
      ? null
      : { stars: str(body.ocop_stars), certificateNo: str(body.ocop_certificateNo), expiresAt: str(body.ocop_expiresAt) },
    certifications: list(body.certifications),
    seasonMonths: list(body.seasonMonths),
    packagingNotes: str(body.packagingNotes),
  };
  return { input, tierRows };
}

/** A field path of the input ("name.vi", "priceTiers.1.minQty") → the form field it came from. */
export function formFieldOf(path: string, tierRows: number[]): string {
  const tier = /^priceTiers\.(\d+)\.(minQty|priceVnd)$/.exec(path);
  if (tier) return `tier${tierRows[Number(tier[1])] ?? Number(tier[1])}_${tier[2] === "minQty" ? "min" : "price"}`;
  if (path.startsWith("priceTiers")) return "tiers";
  if (path.startsWith("certifications")) return "certifications";
  if (path.startsWith("seasonMonths")) return "seasonMonths";
  return path.replace(/\./g, "_");
}

/** Form values from a stored listing. */
export function valuesOf(doc: Product): Body {
  const values: Body = {
    sku: doc.sku,
    name_vi: doc.name.vi,
    name_en: doc.name.en,
    description_vi: doc.description?.vi ?? "",
    description_en: doc.description?.en ?? "",
    category: doc.category,
    unit: doc.unit,
    minOrderQty: String(doc.minOrderQty),
    stock: doc.stock === null || doc.stock === undefined ? "" : String(doc.stock),
    leadTimeDays: doc.leadTimeDays === null || doc.leadTimeDays === undefined ? "" : String(doc.leadTimeDays),
    madeInVietnam: doc.madeInVietnam ? "yes" : "",
    originProvince: doc.originProvince,
    hsCode: doc.hsCode ?? "",
    ocop_stars: doc.ocop ? String(doc.ocop.stars) : "",
    ocop_certificateNo: doc.ocop?.certificateNo ?? "",
    ocop_expiresAt: doc.ocop ? new Date(doc.ocop.expiresAt).toISOString().slice(0, 10) : "",
    certifications: doc.certifications ?? [],
    seasonMonths: (doc.seasonMonths ?? []).map(String),
    packagingNotes: doc.packagingNotes ?? "",
  };
  doc.priceTiers.forEach((tier, row) => {
    values[`tier${row}_min`] = String(tier.minQty);
    values[`tier${row}_price`] = String(tier.priceVnd);
  });
  return values;
}

export const NEW_LISTING_VALUES: Body = { madeInVietnam: "yes", originProvince: "Gia Lai", unit: "kg", minOrderQty: "1" };

/** The select and checkbox options of the form, marked with the current values. */
export function formOptions(req: Request, values: Body, categories: CategoryEntry[]) {
  const lang = req.language === "en" ? "en" : "vi";
  const chosen = (name: string) => new Set(list(values[name]));
  // Retired categories are not offered for new choices; a listing that has one keeps it.
  const shown = categories.filter((category) => category.offered || category.slug === values.category);
  const tops = categories.filter((category) => category.parent === null);
  return {
    categoryGroups: tops.map((top) => ({
      label: top.name[lang],
      options: shown
        .filter((category) => category.parent === top.slug)
        .map((category) => ({ value: category.slug, label: category.name[lang], selected: values.category === category.slug })),
    })),
    units: UNITS.map((unit) => ({ value: unit, selected: values.unit === unit })),
    tiers: Array.from({ length: MAX_PRICE_TIERS }, (_, row) => ({ row, number: row + 1, min: str(values[`tier${row}_min`]), price: str(values[`tier${row}_price`]) })),
    stars: [3, 4, 5].map((stars) => ({ value: String(stars), selected: str(values.ocop_stars) === String(stars) })),
    certifications: PRODUCT_CERTIFICATIONS.map((kind) => ({ value: kind, label: req.t(`products.certifications.${kind}`), checked: chosen("certifications").has(kind) })),
    months: Array.from({ length: 12 }, (_, index) => ({ value: String(index + 1), label: req.t(`products.months.${index + 1}`), checked: chosen("seasonMonths").has(String(index + 1)) })),
    madeInVietnam: str(values.madeInVietnam) === "yes",
  };
}

/** Re-renders the form: 422 with each field's message on its form field, 409 with the rule that refused. */
export function renderListingRefusal(req: Request, res: Response, view: string, locals: Record<string, unknown>, error: unknown, tierRows: number[]): void {
  if (error instanceof ConflictError) {
    res.status(409).render(view, { ...locals, formError: req.t(error.messageKey, error.details) });
    return;
  }
  if (!(error instanceof ValidationError)) throw error;
  const errors: Record<string, string> = {};
  for (const [path, key] of Object.entries(error.fieldErrors)) errors[formFieldOf(path, tierRows)] ??= req.t(key);
  const options = locals.options as { tiers?: { row: number }[] } | undefined;
  const tiers = options?.tiers?.map((tier) => ({ ...tier, minError: errors[`tier${tier.row}_min`], priceError: errors[`tier${tier.row}_price`] }));
  res.status(422).render(view, { ...locals, options: { ...options, tiers }, errors, formError: req.t(error.messageKey) });
}
