import { Router } from "express";
import type { EnterpriseService } from "../enterprises/index.ts";
import type { CategoryService, ProductService } from "../products/index.ts";

const pick = (text: { vi: string; en: string }, lang: string) => (lang === "en" ? text.en : text.vi);

/** GET / — the home page: search, categories, figures, newest listings and enterprises. */
export function homeRouter({ enterprises, products, categories: taxonomy }: { enterprises: EnterpriseService; products: ProductService; categories: Pick<CategoryService, "list"> }): Router {
  const router = Router();
  router.get("/", async (req, res) => {
    const lang = req.language === "en" ? "en" : "vi";
    const [productCount, enterpriseCount, communes, categories, latest, recentEnterprises, counts] = await Promise.all([
      products.countPublic(),
      enterprises.countVerified(),
      enterprises.countCommunes(),
      taxonomy.list(),
      products.latestPublic(8),
      enterprises.listRecentlyVerified(6),
      // Public listings per category: one $group with $sum, over verified enterprises only.
      products.countPublicByCategory((ids) => enterprises.visibleIds(ids)),
    ]);
    const owners = await enterprises.findSummaries(latest.map((product) => product.enterpriseId));
    const categoryNames = new Map(categories.map((category) => [category.slug, pick(category.name, lang)]));
    // Second-level categories in their parents' order: agricultural products first.
    const parentRank = new Map(categories.filter((c) => c.parent === null).map((c, rank) => [c.slug, rank]));
    const leaves = categories
      .filter((category) => category.parent !== null)
      .sort((a, b) => parentRank.get(a.parent!)! - parentRank.get(b.parent!)!);
    res.render("home/index", {
      title: req.t("home.title"),
      stats: { enterprises: enterpriseCount, products: productCount, communes },
      categories: leaves
        .slice(0, 12)
        .map((category) => ({ slug: category.slug, name: pick(category.name, lang), count: counts.get(category.slug) ?? 0 })),
      featuredProducts: latest.map((product) => {
        const owner = owners.get(product.enterpriseId.toString());
        return {
          name: pick(product.name, lang),
          slug: product.slug,
          enterpriseName: owner ? pick(owner.name, lang) : "",
          enterpriseSlug: owner?.slug ?? "",
          commune: owner?.commune ?? "",
          categoryName: categoryNames.get(product.category) ?? "",
          priceMin: product.priceMin,
          priceMax: product.priceMax,
          unit: product.unit,
          ocopStars: product.ocopStars,
        };
      }),
      featuredEnterprises: recentEnterprises.map((enterprise) => ({
        name: pick(enterprise.name, lang),
        slug: enterprise.slug,
        commune: enterprise.commune,
        kind: req.t(`enterprise.kind.${enterprise.kind}`),
        verified: enterprise.verified,
        logoUrl: enterprise.logoImageId ? `/anh/${enterprise.logoImageId}/400.webp` : "",
      })),
    });
  });
  return router;
}
