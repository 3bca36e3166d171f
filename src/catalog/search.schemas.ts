import { z } from "zod";
import { MAX_RESULT_WINDOW, SEARCH_SORTS, type ProductSearchFilters, type SearchSort } from "../platform/search/index.ts";
import { PRODUCT_CERTIFICATIONS } from "../products/index.ts";

export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 20;
export const DEFAULT_RADIUS_KM = 50;

const blankIsAbsent = (value: unknown) => (value === "" ? undefined : value);
const int = (min: number, max: number, key: string) =>
  z.preprocess(blankIsAbsent, z.string().regex(/^\d{1,12}$/, key).transform(Number).pipe(z.number().int().min(min, key).max(max, key)).optional());
const bool = (key: string) =>
  z.preprocess(blankIsAbsent, z.enum(["true", "false", "1", "0", "on"], { message: key }).transform((v) => v === "true" || v === "1" || v === "on").optional());
const text = (max: number, key: string) => z.preprocess(blankIsAbsent, z.string({ message: key }).trim().max(max, key).optional());
const number = (key: string) => z.string().trim().regex(/^-?\d{1,3}(\.\d{1,8})?$/, key).transform(Number);

/** The query parameters of /tim-kiem and GET /api/v1/search/products; anything else is refused by name. */
export const searchParamsSchema = z
  .strictObject({
    q: z.preprocess((value) => value ?? "", z.string({ message: "catalog.errors.q" }).max(200, "catalog.errors.q")),
    category: text(80, "catalog.errors.category"),
    commune: text(120, "catalog.errors.commune"),
    ocop: int(1, 5, "catalog.errors.ocop"),
    certification: z.preprocess(blankIsAbsent, z.enum(PRODUCT_CERTIFICATIONS, { message: "catalog.errors.certification" }).optional()),
    madeInVietnam: bool("catalog.errors.boolean"),
    priceMin: int(0, 1_000_000_000_000, "catalog.errors.price"),
    priceMax: int(0, 1_000_000_000_000, "catalog.errors.price"),
    moqMax: int(1, 1_000_000_000, "catalog.errors.moqMax"),
    inStock: bool("catalog.errors.boolean"),
    enterprise: text(120, "catalog.errors.enterprise"),
    near: z.preprocess(
      blankIsAbsent,
      z.string({ message: "catalog.errors.near" })
        .regex(/^\s*-?\d{1,3}(\.\d{1,8})?\s*,\s*-?\d{1,3}(\.\d{1,8})?\s*$/, "catalog.errors.near")
        .transform((value) => value.split(",").map((part) => number("catalog.errors.near").parse(part)))
        .refine(([lat, lng]) => Math.abs(lat!) <= 90 && Math.abs(lng!) <= 180, "catalog.errors.near")
        .optional(),
    ),
    radiusKm: z.preprocess(blankIsAbsent, z.string().regex(/^\d{1,3}(\.\d{1,3})?$/, "catalog.errors.radiusKm").transform(Number).pipe(z.number().gt(0, "catalog.errors.radiusKm").max(500, "catalog.errors.radiusKm")).optional()),
    sort: z.preprocess(blankIsAbsent, z.enum(SEARCH_SORTS, { message: "catalog.errors.sort" }).optional()),
    page: int(1, MAX_RESULT_WINDOW, "catalog.errors.page"),
    perPage: int(1, MAX_PER_PAGE, "catalog.errors.perPage"),
    /** The language choice (i18n middleware). */
    lang: z.enum(["vi", "en"], { message: "catalog.errors.lang" }).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.sort === "distance" && !value.near) ctx.addIssue({ code: "custom", path: ["sort"], message: "catalog.errors.distanceNeedsNear" });
    if (value.radiusKm !== undefined && !value.near) ctx.addIssue({ code: "custom", path: ["radiusKm"], message: "catalog.errors.radiusNeedsNear" });
    if (value.priceMin !== undefined && value.priceMax !== undefined && value.priceMin > value.priceMax) {
      ctx.addIssue({ code: "custom", path: ["priceMax"], message: "catalog.errors.priceRange" });
    }
    if ((value.page ?? 1) * (value.perPage ?? DEFAULT_PER_PAGE) > MAX_RESULT_WINDOW) {
      ctx.addIssue({ code: "custom", path: ["page"], message: "catalog.errors.pageTooDeep" });
    }
  });

export type SearchParams = z.output<typeof searchParamsSchema>;

export type NormalizedSearch = { q: string; filters: ProductSearchFilters; sort: SearchSort; page: number; perPage: number };

export function normalize(params: SearchParams): NormalizedSearch {
  const filters: ProductSearchFilters = {
    category: params.category,
    commune: params.commune,
    ocop: params.ocop,
    certification: params.certification,
    madeInVietnam: params.madeInVietnam,
    priceMin: params.priceMin,
    priceMax: params.priceMax,
    moqMax: params.moqMax,
    inStock: params.inStock,
    enterprise: params.enterprise,
    near: params.near ? { lat: params.near[0]!, lng: params.near[1]!, radiusKm: params.radiusKm ?? DEFAULT_RADIUS_KM } : undefined,
  };
  for (const key of Object.keys(filters) as (keyof ProductSearchFilters)[]) if (filters[key] === undefined) delete filters[key];
  return {
    q: params.q.trim(),
    filters,
    sort: params.sort ?? (params.q.trim() ? "relevance" : "newest"),
    page: params.page ?? 1,
    perPage: params.perPage ?? DEFAULT_PER_PAGE,
  };
}

export const suggestParamsSchema = z.strictObject({
  q: z.string({ message: "catalog.errors.q" }).max(100, "catalog.errors.q"),
  lang: z.enum(["vi", "en"]).optional(),
});
