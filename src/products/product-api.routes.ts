import { Router, type Request } from "express";
import { UnauthenticatedError } from "../accounts/index.ts";
import type { Principal, TokenPrincipal } from "../accounts/index.ts";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import { ForbiddenError } from "../platform/errors.ts";
import { parseInput } from "../platform/validation.ts";
import type { ListingDoc, ProductListingService } from "./product-listing.service.ts";
import { inputOf } from "./product.lifecycle.ts";
import { productInputSchema } from "./product.schemas.ts";

/** The calling enterprise's API token; a person's session names no single enterprise. */
function tokenOf(req: Request): TokenPrincipal {
  const principal = req.user as Principal | undefined;
  if (!principal) throw new UnauthenticatedError();
  if (principal.kind !== "token") throw new ForbiddenError("apiTokens.errors.tokenRequired");
  return principal;
}

const wantsSubmit = (body: unknown) => (body as { submit?: unknown } | undefined)?.submit === true;

export function listingJson(doc: ListingDoc) {
  const input = inputOf(doc);
  return {
    ...input,
    slug: doc.slug,
    status: doc.status,
    rejectionReason: doc.status === "rejected" ? (doc.rejectionReason ?? null) : null,
    ocop: input.ocop ? { ...input.ocop, expiresAt: input.ocop.expiresAt.toISOString().slice(0, 10) } : null,
    images: (doc.images ?? []).map((id) => ({ id, large: `/anh/${id}/1200.webp`, small: `/anh/${id}/400.webp` })),
    publishedAt: doc.publishedAt ?? null,
    updatedAt: doc.updatedAt,
  };
}

/**
 * /api/v1/products — an enterprise's ERP manages its own listings with its API token (behind the
 * bearer authentication of /api). Another enterprise's SKU is 404; bad fields 422 with their paths.
 */
export function productApiRouter({ listings }: { listings: ProductListingService }): Router {
  const router = Router();

  router.get("/api/v1/products", async (req, res) => {
    const token = tokenOf(req);
    const result = await listings.listOwn(auditContextOf(req), token.enterpriseId, { page: Number(req.query.page) || 1, perPage: Number(req.query.limit) || 100 });
    res.set("Cache-Control", "no-store").json({
      products: result.items.map(listingJson),
      page: result.page,
      pages: result.pages,
      total: result.total,
    });
  });

  router.get("/api/v1/products/:sku", async (req, res) => {
    const token = tokenOf(req);
    const doc = await listings.get(auditContextOf(req), token.enterpriseId, String(req.params.sku ?? ""));
    res.set("Cache-Control", "no-store").json({ product: listingJson(doc) });
  });

  // POST — creates a draft, or submits it for review with "submit": true.
  router.post("/api/v1/products", async (req, res) => {
    const token = tokenOf(req);
    const input = parseInput(productInputSchema, req.body ?? {});
    const doc = await listings.create(auditContextOf(req), token.enterpriseId, input, { submit: wantsSubmit(req.body) });
    res.status(201).location(`/api/v1/products/${encodeURIComponent(doc.sku)}`).json({ product: listingJson(doc) });
  });

  // PATCH — the given top-level fields over the stored ones, under the lifecycle rules.
  router.patch("/api/v1/products/:sku", async (req, res) => {
    const token = tokenOf(req);
    const ctx = auditContextOf(req);
    const sku = String(req.params.sku ?? "");
    const current = await listings.get(ctx, token.enterpriseId, sku);
    const { submit: _submit, sku: _sku, ...changes } = (req.body ?? {}) as Record<string, unknown>;
    const input = parseInput(productInputSchema, { ...inputOf(current), ...changes, sku: current.sku });
    const result = await listings.update(ctx, token.enterpriseId, sku, input, { submit: wantsSubmit(req.body) });
    res.json({ product: listingJson(result.doc), changed: result.changed });
  });

  return router;
}
