import { Router } from "express";
import type { EnterpriseService } from "../enterprises/index.ts";
import { NotFoundError } from "../platform/errors.ts";
import { tierRanges } from "./product.pricing.ts";
import type { CategoryService } from "./category.service.ts";
import type { ProductService, PublicProduct } from "./product.service.ts";
import { langOf } from "../platform/i18n/i18n.ts";

const formatDate = (date: Date, lang: "vi" | "en") =>
  new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "vi-VN", { dateStyle: "medium", timeZone: "Asia/Ho_Chi_Minh" }).format(date);

/** JSON for a `<script type="application/ld+json">` data block: no "<" that could close the element. */
const jsonForScript = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");

/** schema.org Product with an AggregateOffer over the price tiers. */
function structuredData(product: PublicProduct, name: string, description: string, sellerName: string, baseUrl: string) {
  const prices = product.priceTiers.map((tier) => tier.priceVnd);
  return {
    "@context": "https://schema.org",
    "@type": "Product",
    name,
    description: description.slice(0, 500),
    sku: product.sku,
    image: product.images.map((id) => `${baseUrl}/anh/${id}/1200.webp`),
    brand: { "@type": "Organization", name: sellerName },
    offers: {
      "@type": "AggregateOffer",
      priceCurrency: "VND",
      lowPrice: Math.min(...prices),
      highPrice: Math.max(...prices),
      offerCount: prices.length,
      availability: product.stock === null ? "https://schema.org/PreOrder" : product.stock > 0 ? "https://schema.org/InStock" : "https://schema.org/OutOfStock",
      seller: { "@type": "Organization", name: sellerName },
    },
  };
}

/** /san-pham/:slug — a public listing of a verified enterprise (its approved version), else 404. */
export function productPageRouter({ products, categories: taxonomy, enterprises, baseUrl }: {
  products: Pick<ProductService, "findPublic">;
  categories: Pick<CategoryService, "list">;
  enterprises: Pick<EnterpriseService, "findSummaries">;
  baseUrl: string;
}): Router {
  const router = Router();

  router.get("/san-pham/:slug", async (req, res) => {
    const product = await products.findPublic(String(req.params.slug ?? ""));
    if (!product) throw new NotFoundError();
    const seller = (await enterprises.findSummaries([product.enterpriseId])).get(product.enterpriseId.toString());
    if (!seller?.verified) throw new NotFoundError();
    const lang = langOf(req);
    const categories = await taxonomy.list();
    const category = categories.find((entry) => entry.slug === product.category);
    const parent = category?.parent ? categories.find((entry) => entry.slug === category.parent) : undefined;
    const name = lang === "en" ? product.name.en || product.name.vi : product.name.vi;
    const description = lang === "en" ? product.description.en || product.description.vi : product.description.vi;
    const sellerName = seller.name[lang];
    const now = new Date();
    res.render("products/show", {
      title: name,
      product: {
        name,
        slug: product.slug,
        sku: product.sku,
        paragraphs: description.split(/\n\s*\n/).map((text) => text.trim()).filter(Boolean),
        unit: product.unit,
        images: product.images.map((id, index) => ({ large: `/anh/${id}/1200.webp`, small: `/anh/${id}/400.webp`, number: index + 1 })),
        tiers: tierRanges(product.priceTiers),
        minOrderQty: product.minOrderQty,
        stock: product.stock,
        madeToOrder: product.stock === null,
        leadTimeDays: product.leadTimeDays,
        madeInVietnam: product.madeInVietnam,
        originProvince: product.originProvince,
        hsCode: product.hsCode,
        ocop: product.ocop
          ? {
              stars: product.ocop.stars,
              starIcons: "★".repeat(product.ocop.stars),
              certificateNo: product.ocop.certificateNo,
              expires: formatDate(new Date(product.ocop.expiresAt), lang),
              valid: new Date(product.ocop.expiresAt) > now,
            }
          : null,
        certifications: product.certifications.map((kind) => req.t(`products.certifications.${kind}`)),
        months: product.seasonMonths.map((month) => req.t(`products.months.${month}`)),
        packagingNotes: product.packagingNotes,
      },
      category: category ? { name: category.name[lang], parentName: parent?.name[lang] ?? "" } : null,
      seller: { name: sellerName, slug: seller.slug, commune: seller.commune, verified: seller.verified },
      jsonLd: jsonForScript(structuredData(product, name, description, sellerName, baseUrl.replace(/\/$/, ""))),
    });
  });

  return router;
}
