import { Router, type Request, type Response } from "express";
import { AppError } from "../platform/errors.ts";
import { FACET_NAMES, SEARCH_SORTS } from "../platform/search/index.ts";
import { SearchUnavailableError, type CatalogSearch } from "./catalog-search.service.ts";
import { searchParamsSchema, suggestParamsSchema } from "./search.schemas.ts";
import { langOf } from "../platform/i18n/i18n.ts";


/** Validation problems of a query string are a 400 naming the parameter (`unrecognized_keys` → each unknown key). */
function parseQuery<T>(schema: { safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: { code: string; path: PropertyKey[]; message: string; keys?: string[] }[] } } }, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") for (const key of issue.keys ?? []) fields[key] ??= "catalog.errors.unknown";
    else fields[issue.path.join(".") || "_query"] ??= issue.message.startsWith("catalog.") ? issue.message : "errors.validation.invalid";
  }
  throw new BadParameterError(fields);
}

/** 400 naming each bad query parameter under `fields` (and the first one as `parameter`). */
export class BadParameterError extends AppError {
  constructor(readonly fieldErrors: Record<string, string>) {
    super(400, "bad_parameter", "catalog.errors.badParameters", { parameter: Object.keys(fieldErrors)[0], fields: fieldErrors });
  }
}

/** The query string as plain strings (first value of repeated keys), for links that change one parameter. */
function currentParams(req: Request): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(req.query)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string" && first !== "" && key !== "lang") params.set(key, first);
  }
  return params;
}

function urlWith(base: URLSearchParams, changes: Record<string, string | null>): string {
  const params = new URLSearchParams(base);
  params.delete("page");
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  const query = params.toString();
  return query ? `/tim-kiem?${query}` : "/tim-kiem";
}

/** GET /tim-kiem (the results page, no JavaScript needed), GET /api/v1/search/products and /api/v1/search/suggest. */
export function searchRouter({ catalogSearch }: { catalogSearch: CatalogSearch }): Router {
  const router = Router();

  router.get("/api/v1/search/products", async (req, res) => {
    const params = parseQuery(searchParamsSchema, req.query);
    const { query: _query, ...answer } = await catalogSearch.search(params, langOf(req));
    res.set("Cache-Control", "no-store").json(answer);
  });

  router.get("/api/v1/search/suggest", async (req, res) => {
    const params = parseQuery(suggestParamsSchema, req.query);
    res.set("Cache-Control", "no-store").json(await catalogSearch.suggest(params.q, langOf(req)));
  });

  router.get("/tim-kiem", async (req, res) => {
    const params = parseQuery(searchParamsSchema, req.query);
    const lang = langOf(req);
    try {
      const [result, categories] = await Promise.all([catalogSearch.search(params, lang), catalogSearch.listCategories()]);
      res.render("catalog/search", pageLocals(req, res, result, categories));
    } catch (error) {
      if (!(error instanceof SearchUnavailableError)) throw error;
      res.status(503).set("Retry-After", "30").render("catalog/unavailable", { title: req.t("catalog.unavailable.heading"), retryUrl: urlWith(currentParams(req), {}) });
    }
  });

  return router;
}

type SearchAnswer = Awaited<ReturnType<CatalogSearch["search"]>>;

function pageLocals(req: Request, _res: Response, result: SearchAnswer, categories: Awaited<ReturnType<CatalogSearch["listCategories"]>>) {
  const t = req.t;
  const lang = langOf(req);
  const base = currentParams(req);
  const { query } = result;
  const categoryName = new Map(categories.map((c) => [c.slug, c.name[lang] || c.name.vi]));
  const label = (facet: string, value: string) =>
    facet === "category" ? categoryName.get(value) ?? value
    : facet === "ocop" ? t("catalog.facets.ocopValue", { stars: value })
    : facet === "certification" ? t(`catalog.certifications.${value}`)
    : value;
  const param = (facet: string) => facet;
  const facets = FACET_NAMES.map((facet) => {
    const selected = base.get(param(facet));
    // OCOP filters by minimum stars: show "from N stars" with the count it will return.
    const counts = facet === "ocop"
      ? Object.fromEntries(Object.keys(result.facets.ocop).map((stars) => [stars, Object.entries(result.facets.ocop).filter(([s]) => Number(s) >= Number(stars)).reduce((sum, [, n]) => sum + n, 0)]))
      : result.facets[facet];
    const options = Object.entries(counts)
      .sort((a, b) => b[1] - a[1] || label(facet, a[0]).localeCompare(label(facet, b[0]), "vi"))
      .slice(0, 30)
      .map(([value, count]) => ({
        label: label(facet, value),
        count,
        selected: selected === value,
        url: selected === value ? urlWith(base, { [param(facet)]: null }) : urlWith(base, { [param(facet)]: value }),
      }));
    return { name: facet, heading: t(`catalog.facets.${facet}`), options, hasOptions: options.length > 0 };
  });
  const active = [...base.entries()]
    .filter(([key]) => !["q", "sort", "page", "perPage"].includes(key))
    .map(([key, value]) => ({
      label: `${t(`catalog.filters.${key}`)}: ${["category", "ocop", "certification"].includes(key) ? label(key, value) : value}`,
      removeUrl: urlWith(base, { [key]: null, ...(key === "near" ? { radiusKm: null } : {}) }),
    }));
  const pages = Math.max(1, Math.ceil(Math.min(result.total, 10_000) / result.perPage));
  const pageUrl = (page: number) => {
    const params = new URLSearchParams(base);
    params.set("page", String(page));
    return `/tim-kiem?${params.toString()}`;
  };
  const hidden = [...base.entries()].filter(([key]) => !["q", "sort", "page", "priceMin", "priceMax", "moqMax", "inStock", "madeInVietnam"].includes(key))
    .map(([name, value]) => ({ name, value }));
  return {
    title: query.q ? t("catalog.page.titleWithQuery", { q: query.q }) : t("catalog.page.title"),
    q: query.q,
    result,
    hits: result.hits,
    hasHits: result.hits.length > 0,
    facets,
    active,
    hasActive: active.length > 0,
    clearUrl: urlWith(new URLSearchParams(query.q ? { q: query.q } : {}), {}),
    sorts: SEARCH_SORTS.filter((sort) => sort !== "distance" || query.filters.near).map((sort) => ({ value: sort, label: t(`catalog.sorts.${sort}`), selected: sort === query.sort })),
    hidden,
    values: { priceMin: base.get("priceMin") ?? "", priceMax: base.get("priceMax") ?? "", moqMax: base.get("moqMax") ?? "", inStock: query.filters.inStock === true, madeInVietnam: query.filters.madeInVietnam === true },
    pagination: {
      page: result.page,
      pages,
      prevUrl: result.page > 1 ? pageUrl(result.page - 1) : null,
      nextUrl: result.page < pages ? pageUrl(result.page + 1) : null,
    },
  };
}
