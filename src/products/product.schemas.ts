import { z } from "zod";
import { PRODUCT_CERTIFICATIONS, UNITS } from "./product.model.ts";

/**
 * The seller's fields of a listing, shared by the web form, the JSON API and the bulk import.
 * Every field accepts its typed JSON value or the string a form or a spreadsheet cell gives
 * ("120.000", "có", "3, 4, 5"); each problem carries an i18n message key (`products.errors.*`).
 */

export const MAX_PRICE_TIERS = 5;
export const MAX_DESCRIPTION = 5_000;

/** "" and whitespace → undefined; "1.200.000" / "1,200" / "1 200" → 1200; anything else unchanged. */
function toNumber(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d{1,3}([.,\s]\d{3})+$/.test(text)) return Number(text.replace(/[.,\s]/g, ""));
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
}

const emptyToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const int = (key: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(toNumber, z.number({ error: key }).int({ error: key }).min(min, { error: key }).max(max, { error: key }));

const text = (max: number, tooLong: string) =>
  z.preprocess(
    (value) => (value === undefined || value === null ? "" : value),
    z.string({ error: "errors.validation.invalid" }).transform((value) => value.normalize("NFC").trim()).pipe(z.string().max(max, { error: tooLong })),
  );

const YES = new Set(["true", "1", "yes", "on", "có", "co", "x"]);
const NO = new Set(["false", "0", "no", "off", "không", "khong", ""]);
const booleanish = z.preprocess((value) => {
  if (typeof value !== "string") return value;
  const word = value.trim().toLowerCase();
  return YES.has(word) ? true : NO.has(word) ? false : value;
}, z.boolean({ error: "products.errors.booleanInvalid" }));

/** A list from an array or a "a, b; c" string. */
const listOf = <T extends z.ZodType>(item: T, max: number, tooMany: string) =>
  z.preprocess((value) => {
    if (value === undefined || value === null) return [];
    if (typeof value === "string") return value.split(/[,;\s]+/).filter(Boolean);
    return Array.isArray(value) ? value : [value];
  }, z.array(item).max(max, { error: tooMany }));

export const priceTierSchema = z.object({
  minQty: int("products.errors.tierMinQty", 1),
  priceVnd: int("products.errors.tierPrice", 1, 100_000_000_000),
});

/**
 * Price tiers by quantity: 1–5 tiers, `minQty` ≥ 1 and strictly increasing, positive integer
 * prices, each no higher than the previous one. A tier applies from its `minQty` up to the next
 * tier's `minQty` − 1 (the last one upward), so the tiers cover every quantity from the first
 * `minQty` with no gap and no overlap by construction.
 */
export const priceTiersSchema = z
  .array(priceTierSchema, { error: "products.errors.tiersRequired" })
  .min(1, { error: "products.errors.tiersRequired" })
  .max(MAX_PRICE_TIERS, { error: "products.errors.tiersTooMany" })
  .superRefine((tiers, ctx) => {
    for (let index = 1; index < tiers.length; index++) {
      const previous = tiers[index - 1]!;
      const tier = tiers[index]!;
      if (tier.minQty <= previous.minQty) {
        ctx.addIssue({ code: "custom", path: [index, "minQty"], message: "products.errors.tierNotIncreasing" });
      } else if (tier.priceVnd > previous.priceVnd) {
        ctx.addIssue({ code: "custom", path: [index, "priceVnd"], message: "products.errors.tierPriceRises" });
      }
    }
  });

export const ocopSchema = z.object({
  stars: int("products.errors.ocopStars", 3, 5),
  certificateNo: text(100, "products.errors.tooLong").pipe(z.string().min(1, { error: "products.errors.ocopCertificate" })),
  expiresAt: z.preprocess(
    (value) => (typeof value === "string" && value.trim() !== "" ? new Date(value.trim()) : emptyToUndefined(value)),
    z.date({ error: "products.errors.ocopExpiry" }).refine((date) => !Number.isNaN(date.getTime()), { error: "products.errors.ocopExpiry" }),
  ),
});

const localizedName = z.object(
  {
    vi: text(200, "products.errors.nameTooLong").pipe(z.string().min(1, { error: "products.errors.nameRequired" })),
    en: text(200, "products.errors.nameTooLong"),
  },
  { error: "products.errors.nameRequired" },
);

const localizedDescription = z.preprocess(
  (value) => value ?? {},
  z.object({
    vi: text(MAX_DESCRIPTION, "products.errors.descriptionTooLong"),
    en: text(MAX_DESCRIPTION, "products.errors.descriptionTooLong"),
  }),
);

export const productInputSchema = z
  .object({
    sku: text(64, "products.errors.skuInvalid").pipe(
      z
        .string()
        .min(1, { error: "products.errors.skuRequired" })
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: "products.errors.skuInvalid" }),
    ),
    name: localizedName,
    description: localizedDescription,
    /** A second-level category slug; that it exists is checked by the service. */
    category: text(80, "products.errors.categoryRequired").pipe(
      z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "products.errors.categoryRequired" }),
    ),
    unit: z.enum(UNITS, { error: "products.errors.unitInvalid" }),
    priceTiers: priceTiersSchema,
    minOrderQty: int("products.errors.minOrderQty", 1),
    /** Units in stock, or null (empty) when made to order; then `leadTimeDays` is required. */
    stock: z.preprocess((value) => toNumber(value) ?? null, int("products.errors.stockInvalid", 0).nullable()),
    leadTimeDays: z.preprocess((value) => toNumber(value) ?? null, int("products.errors.leadTimeInvalid", 0, 365).nullable()),
    madeInVietnam: z.preprocess((value) => value ?? true, booleanish),
    originProvince: z.preprocess(
      (value) => emptyToUndefined(value) ?? "Gia Lai",
      text(100, "products.errors.tooLong"),
    ),
    hsCode: z.preprocess(
      (value) => (typeof value === "string" ? value.replace(/[.\s]/g, "") || null : (value ?? null)),
      z.string({ error: "products.errors.hsCodeInvalid" }).regex(/^\d{8}$/, { error: "products.errors.hsCodeInvalid" }).nullable(),
    ),
    ocop: z.preprocess((value) => {
      if (value === undefined || value === null) return null;
      if (typeof value === "object") {
        const fields = Object.values(value as Record<string, unknown>);
        if (fields.every((field) => field === undefined || field === null || (typeof field === "string" && field.trim() === ""))) return null;
      }
      return value;
    }, ocopSchema.nullable()),
    certifications: listOf(
      z.preprocess((value) => (typeof value === "string" ? value.trim().toLowerCase() : value), z.enum(PRODUCT_CERTIFICATIONS, { error: "products.errors.certificationInvalid" })),
      PRODUCT_CERTIFICATIONS.length,
      "products.errors.certificationInvalid",
    ).transform((kinds) => [...new Set(kinds)]),
    /** Months (1–12) the product is offered; empty when all year. */
    seasonMonths: listOf(int("products.errors.monthInvalid", 1, 12), 12, "products.errors.monthInvalid").transform((months) =>
      [...new Set(months)].sort((a, b) => a - b),
    ),
    packagingNotes: text(2_000, "products.errors.tooLong"),
  })
  .superRefine((input, ctx) => {
    if (input.stock === null && input.leadTimeDays === null) {
      ctx.addIssue({ code: "custom", path: ["leadTimeDays"], message: "products.errors.leadTimeRequired" });
    }
    const first = input.priceTiers[0];
    if (first && input.minOrderQty < first.minQty) {
      ctx.addIssue({ code: "custom", path: ["minOrderQty"], message: "products.errors.minOrderBelowTiers" });
    }
  });

export type ProductInput = z.output<typeof productInputSchema>;
export type PriceTierInput = z.output<typeof priceTierSchema>;

/** A price and stock update (the bulk update template, the API's PATCH of those two fields). */
export const priceStockSchema = z.object({
  sku: productInputSchema.shape.sku,
  priceTiers: priceTiersSchema.optional(),
  stock: z.preprocess((value) => (value === "" ? null : toNumber(value)), int("products.errors.stockInvalid", 0).nullable().optional()),
});

/** The moderator's rejection: a reason the seller can act on. */
export const rejectSchema = z.object({
  reason: text(1_000, "products.errors.tooLong").pipe(z.string().min(3, { error: "products.errors.reasonRequired" })),
});
