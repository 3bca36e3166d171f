import { Router, type Request } from "express";
import { requireRole } from "../accounts/index.ts";
import type { MembershipService } from "../accounts/index.ts";
import { isSignedInUser } from "../accounts/index.ts";
import { NotFoundError } from "../platform/errors.ts";
import { parseInput } from "../platform/validation.ts";
import { PROVINCE_COMMUNES } from "./communes.ts";
import type { EnterpriseDirectory } from "./enterprise-directory.service.ts";
import type { SectorCatalogue, StorefrontListings } from "./enterprise.ports.ts";
import { enterprisesCsv, enterprisesXlsx } from "./enterprise-export.ts";
import { categoryTree, enterpriseView, pageLinks, pick } from "./enterprise-pages.ts";
import { CERTIFICATION_KINDS, ENTERPRISE_KINDS, ENTERPRISE_STATUSES } from "./enterprise.model.ts";
import { directoryQuerySchema, storefrontQuerySchema, type DirectoryQuery } from "./enterprise.schemas.ts";
import { langOf } from "../platform/i18n/i18n.ts";

type Deps = {
  directory: EnterpriseDirectory;
  categories: SectorCatalogue;
  listings: Pick<StorefrontListings, "storefront">;
  memberships: Pick<MembershipService, "roleIn">;
  baseUrl: string;
};

const isModerator = (req: Request) => isSignedInUser(req.user) && (req.user.role === "moderator" || req.user.role === "admin");
const STOREFRONT_NOTICES = new Set(["registered", "resubmitted"]);

/** /doanh-nghiep (the directory), its exports, and /doanh-nghiep/:slug (the storefront). */
export function directoryRouter({ directory, categories: sectors, listings, memberships, baseUrl }: Deps): Router {
  const router = Router();
  const moderatorsOnly = requireRole("moderator", "admin");

  function filtersOf(req: Request, moderator: boolean): DirectoryQuery {
    const query = parseInput(directoryQuerySchema, req.query);
    return moderator ? query : { ...query, status: undefined };
  }

  router.get("/doanh-nghiep", async (req, res) => {
    const moderator = isModerator(req);
    const query = filtersOf(req, moderator);
    const [result, categories] = await Promise.all([directory.list(query, { moderator }), sectors.list()]);
    const lang = langOf(req);
    const filters = { kind: query.kind, sector: query.sector, commune: query.commune, ocop: query.ocop, certification: query.certification, status: query.status, sort: query.sort === "name" ? undefined : query.sort };
    const option = (value: string, label: string, chosen: unknown) => ({ value, label, selected: value === chosen });
    if (moderator) res.set("Cache-Control", "no-store");
    res.render("enterprises/directory", {
      title: req.t("enterprises.directory.title"),
      moderator,
      total: result.total,
      items: result.items.map((entry) => enterpriseView(entry, req, categories)),
      pagination: pageLinks("/doanh-nghiep", filters, result.page, result.pages),
      page: result.page,
      pages: result.pages,
      exportQuery: new URLSearchParams(Object.entries(filters).filter(([, v]) => v) as [string, string][]).toString(),
      filters: { ...filters, ocop: Boolean(query.ocop) },
      kinds: ENTERPRISE_KINDS.map((kind) => option(kind, req.t(`enterprise.kind.${kind}`), query.kind)),
      sectors: categoryTree(categories).map((c) => option(c.slug, `${c.parent ? "— " : ""}${pick(c.name, lang)}`, query.sector)),
      communes: PROVINCE_COMMUNES.map((name) => option(name, name, query.commune)),
      certifications: CERTIFICATION_KINDS.map((kind) => option(kind, req.t(`enterprises.certificationKinds.${kind}`), query.certification)),
      statuses: ENTERPRISE_STATUSES.map((status) => option(status, req.t(`enterprises.status.${status}`), query.status)),
      sorts: ["name", "newest"].map((sort) => option(sort, req.t(`enterprises.directory.sort.${sort}`), query.sort)),
    });
  });

  // GET /doanh-nghiep/xuat.csv and /doanh-nghiep/xuat.xlsx — the filtered list, for moderators.
  router.get("/doanh-nghiep/xuat.csv", ...moderatorsOnly, async (req, res) => {
    const entries = await directory.listAll(filtersOf(req, true));
    res
      .set("Cache-Control", "no-store")
      .type("text/csv; charset=utf-8")
      .attachment("doanh-nghiep.csv")
      .send(enterprisesCsv(entries, req.t, baseUrl));
  });

  router.get("/doanh-nghiep/xuat.xlsx", ...moderatorsOnly, async (req, res) => {
    const entries = await directory.listAll(filtersOf(req, true));
    const body = await enterprisesXlsx(entries, req.t, baseUrl);
    res
      .set("Cache-Control", "no-store")
      .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      .attachment("doanh-nghiep.xlsx")
      .send(body);
  });

  // GET /doanh-nghiep/:slug — the storefront; not yet verified (or suspended): only its members and moderators see it.
  router.get("/doanh-nghiep/:slug", async (req, res) => {
    const entry = await directory.findBySlug(String(req.params.slug));
    if (!entry) throw new NotFoundError();
    const user = isSignedInUser(req.user) ? req.user : null;
    const role = user ? await memberships.roleIn(user.id, entry.id) : null;
    if (entry.status !== "verified" && !role && !isModerator(req)) throw new NotFoundError();

    const query = parseInput(storefrontQuerySchema, req.query);
    const [categories, products] = await Promise.all([
      sectors.list(),
      listings.storefront(entry.id, { category: query.category, page: query.page }),
    ]);
    const lang = langOf(req);
    const names = new Map(categories.map((c) => [c.slug, pick(c.name, lang)]));
    const enterprise = enterpriseView(entry, req, categories);
    const base = `/doanh-nghiep/${entry.slug}`;
    if (entry.status !== "verified" || role) res.set("Cache-Control", "no-store");
    const ok = String(req.query.ok ?? "");
    res.render("enterprises/storefront", {
      title: enterprise.name,
      enterprise,
      role,
      isOwner: role === "owner",
      moderator: isModerator(req),
      notice: STOREFRONT_NOTICES.has(ok) ? req.t(`enterprises.notices.${ok}`) : null,
      products: products.items.map((product) => ({ ...product, name: pick(product.name, lang), categoryName: names.get(product.category) ?? "" })),
      productTotal: products.total,
      categoryFilter: products.categoryCounts
        .map((row) => ({ slug: row.slug, name: names.get(row.slug) ?? row.slug, count: row.count, current: row.slug === query.category, href: `${base}?category=${encodeURIComponent(row.slug)}` }))
        .sort((a, b) => a.name.localeCompare(b.name, "vi")),
      allProductsHref: base,
      categoryChosen: Boolean(query.category),
      pagination: pageLinks(base, { category: query.category }, products.page, products.pages),
    });
  });

  return router;
}
