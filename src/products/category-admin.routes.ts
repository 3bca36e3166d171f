import { Router, type Request } from "express";
import { z } from "zod";
import { renderRefusal, requireRole } from "../accounts/index.ts";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import { langOf } from "../platform/i18n/i18n.ts";
import { parseInput } from "../platform/validation.ts";
import type { CategoryService } from "./category.service.ts";

const VIEW = "admin/categories";
const BASE = "/quan-tri/danh-muc";
const NOTICES = new Set(["added", "renamed", "moved", "retired", "restored"]);

const namesSchema = z.object({ nameVi: z.string().max(200).default(""), nameEn: z.string().max(200).default("") });
const addSchema = namesSchema.extend({ parent: z.string().max(100).default("") });
const moveSchema = z.object({ direction: z.enum(["up", "down"]) });
const slugParam = (req: Request) => String(req.params.slug ?? "").slice(0, 100);

/** /quan-tri/danh-muc — administrators add, rename, reorder, retire and restore product categories (each audited). */
export function categoryAdminRouter({ categories }: { categories: CategoryService }): Router {
  const router = Router();
  const adminOnly = requireRole("admin");

  async function page(req: Request, values: Record<string, unknown> = {}) {
    const lang = langOf(req);
    const list = await categories.list();
    const tops = list.filter((category) => category.parent === null);
    const row = (category: (typeof list)[number], index: number, siblings: number) => ({
      ...category,
      label: category.name[lang],
      first: index === 0,
      last: index === siblings - 1,
    });
    const ok = String(req.query.ok ?? "");
    return {
      title: req.t("categories.admin.title"),
      groups: tops.map((top, index) => {
        const children = list.filter((category) => category.parent === top.slug);
        return { ...row(top, index, tops.length), children: children.map((child, i) => row(child, i, children.length)) };
      }),
      parents: tops.map((top) => ({ value: top.slug, label: top.name[lang], selected: values.parent === top.slug })),
      values,
      notice: NOTICES.has(ok) ? req.t(`categories.admin.notices.${ok}`) : null,
    };
  }

  const done = (ok: string, slug?: string) => `${BASE}?ok=${ok}${slug ? `#dm-${slug}` : ""}`;

  router.get(BASE, ...adminOnly, async (req, res) => {
    res.set("Cache-Control", "no-store").render(VIEW, await page(req));
  });

  // POST /quan-tri/danh-muc — add a category (first level, or under a first-level one).
  router.post(BASE, ...adminOnly, async (req, res) => {
    const values = { parent: String(req.body?.parent ?? ""), nameVi: String(req.body?.nameVi ?? ""), nameEn: String(req.body?.nameEn ?? "") };
    try {
      const input = parseInput(addSchema, req.body);
      const added = await categories.add(auditContextOf(req), { parent: input.parent || null, names: { vi: input.nameVi, en: input.nameEn } });
      res.redirect(303, done("added", added.slug));
    } catch (error) {
      renderRefusal(req, res, VIEW, await page(req, values), error);
    }
  });

  // POST /quan-tri/danh-muc/:slug/ten — rename in both languages.
  router.post(`${BASE}/:slug/ten`, ...adminOnly, async (req, res) => {
    try {
      const input = parseInput(namesSchema, req.body);
      await categories.rename(auditContextOf(req), slugParam(req), { vi: input.nameVi, en: input.nameEn });
      res.redirect(303, done("renamed", slugParam(req)));
    } catch (error) {
      renderRefusal(req, res, VIEW, await page(req), error);
    }
  });

  // POST /quan-tri/danh-muc/:slug/thu-tu — move up or down among its siblings.
  router.post(`${BASE}/:slug/thu-tu`, ...adminOnly, async (req, res) => {
    const { direction } = parseInput(moveSchema, req.body);
    await categories.move(auditContextOf(req), slugParam(req), direction);
    res.redirect(303, done("moved", slugParam(req)));
  });

  // POST /quan-tri/danh-muc/:slug/ngung and /:slug/dung-lai — retire (no longer offered) or offer again.
  router.post(`${BASE}/:slug/ngung`, ...adminOnly, async (req, res) => {
    await categories.setRetired(auditContextOf(req), slugParam(req), true);
    res.redirect(303, done("retired", slugParam(req)));
  });
  router.post(`${BASE}/:slug/dung-lai`, ...adminOnly, async (req, res) => {
    await categories.setRetired(auditContextOf(req), slugParam(req), false);
    res.redirect(303, done("restored", slugParam(req)));
  });

  return router;
}
