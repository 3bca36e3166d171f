import type { AuditContext, AuditLog } from "../platform/audit/audit.service.ts";
import { isDuplicateKey } from "../platform/db/ids.ts";
import { ConflictError, NotFoundError, ValidationError } from "../platform/errors.ts";
import { foldVietnamese } from "../platform/search/fold.ts";
import type { CategoryModel } from "./category.model.ts";
import type { ReferenceCategory } from "./reference/category-taxonomy.ts";

/** A category as every page shows it; `offered` when new listings and sectors may take it. */
export type CategoryEntry = {
  slug: string;
  parent: string | null;
  name: { vi: string; en: string };
  position: number;
  retired: boolean;
  offered: boolean;
};

export type CategoryNames = { vi: string; en: string };

/** Several app instances may edit the taxonomy: each re-reads it at least this often. */
const CACHE_MS = 30_000;

/**
 * The product taxonomy: the one list every page and service reads (one cache, dropped on every
 * change made here), the reference load run at start, and the administrators' edits — add,
 * rename, reorder, retire and restore — each audited. Two levels: a first-level node or a child of one.
 */
export function createCategoryService({ categories, audit, now = () => Date.now() }: { categories: CategoryModel; audit: AuditLog; now?: () => number }) {
  let cache: { at: number; list: CategoryEntry[] } | null = null;

  async function list(): Promise<CategoryEntry[]> {
    if (cache && now() - cache.at < CACHE_MS) return cache.list;
    const docs = await categories.find().lean();
    const retired = new Set(docs.filter((doc) => doc.retired).map((doc) => doc.slug));
    const top = docs.filter((doc) => !doc.parent).sort((a, b) => a.position - b.position || a.slug.localeCompare(b.slug));
    const ordered = top.flatMap((parent) => [
      parent,
      ...docs.filter((doc) => doc.parent === parent.slug).sort((a, b) => a.position - b.position || a.slug.localeCompare(b.slug)),
    ]);
    const entries = ordered.map((doc) => ({
      slug: doc.slug,
      parent: doc.parent ?? null,
      name: { vi: doc.name.vi, en: doc.name.en },
      position: doc.position,
      retired: Boolean(doc.retired),
      offered: !doc.retired && !(doc.parent && retired.has(doc.parent)),
    }));
    cache = { at: now(), list: entries };
    return entries;
  }

  const changed = () => (cache = null);

  async function find(slug: string): Promise<CategoryEntry> {
    const entry = (await list()).find((category) => category.slug === slug);
    if (!entry) throw new NotFoundError();
    return entry;
  }

  const record = (ctx: AuditContext, action: string, slug: string, from: string | null, to: string | null, details: Record<string, unknown> = {}) =>
    audit.record(ctx, { action, subject: { type: "category", id: slug }, from, to, details });

  function checkNames(names: CategoryNames): CategoryNames {
    const vi = names.vi.normalize("NFC").trim();
    const en = names.en.normalize("NFC").trim();
    const errors: Record<string, string> = {};
    if (vi.length < 2 || vi.length > 80) errors.nameVi = "categories.errors.name";
    if (en.length < 2 || en.length > 80) errors.nameEn = "categories.errors.name";
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    return { vi, en };
  }

  return {
    list,
    /** Second-level categories new listings may take. */
    async offeredLeaves(): Promise<Set<string>> {
      return new Set((await list()).filter((c) => c.parent && c.offered).map((c) => c.slug));
    },
    /** The category and its children: what "in this category" covers. */
    async withChildren(slug: string): Promise<string[]> {
      return [slug, ...(await list()).filter((c) => c.parent === slug).map((c) => c.slug)];
    },

    /** Inserts the reference categories that are missing; never changes one an administrator edited. */
    async loadReference(reference: readonly ReferenceCategory[]): Promise<number> {
      const present = new Set((await categories.find({}, { slug: 1 }).lean()).map((doc) => doc.slug));
      const missing = reference.filter((category) => !present.has(category.slug)).map((category) => ({ ...category, retired: false }));
      if (missing.length === 0) return 0;
      try {
        await categories.insertMany(missing, { ordered: false });
      } catch (error) {
        // Another instance starting at the same moment inserted some of them first (unique slug).
        if (!isDuplicateKey(error)) throw error;
      }
      changed();
      return missing.length;
    },

    async add(ctx: AuditContext, input: { parent: string | null; names: CategoryNames }): Promise<CategoryEntry> {
      const names = checkNames(input.names);
      const all = await list();
      if (input.parent && !all.some((c) => c.slug === input.parent && c.parent === null)) throw new ValidationError({ parent: "categories.errors.parent" });
      const slug = foldVietnamese(names.vi).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60);
      if (!slug) throw new ValidationError({ nameVi: "categories.errors.name" });
      const siblings = all.filter((c) => c.parent === input.parent);
      const position = Math.max(0, ...siblings.map((c) => c.position)) + 1;
      try {
        await categories.create({ slug, parent: input.parent, name: names, position, retired: false });
      } catch (error) {
        if (isDuplicateKey(error)) throw new ConflictError("categories.errors.slugTaken", { slug });
        throw error;
      }
      changed();
      await record(ctx, "category.added", slug, null, "offered", { parent: input.parent, name: names });
      return find(slug);
    },

    async rename(ctx: AuditContext, slug: string, input: CategoryNames): Promise<void> {
      const before = await find(slug);
      const names = checkNames(input);
      await categories.updateOne({ slug }, { $set: { name: names } });
      changed();
      await record(ctx, "category.renamed", slug, `${before.name.vi} / ${before.name.en}`, `${names.vi} / ${names.en}`);
    },

    /** Swaps the category with its neighbour among its siblings. */
    async move(ctx: AuditContext, slug: string, direction: "up" | "down"): Promise<void> {
      const entry = await find(slug);
      const siblings = (await list()).filter((c) => c.parent === entry.parent);
      const index = siblings.findIndex((c) => c.slug === slug);
      const other = siblings[direction === "up" ? index - 1 : index + 1];
      if (!other) return;
      // Positions are rewritten 1..n so that two equal positions (a hand edit) cannot make the swap a no-op.
      const order = siblings.map((c) => c.slug);
      [order[index], order[siblings.indexOf(other)]] = [other.slug, slug];
      await categories.bulkWrite(order.map((s, i) => ({ updateOne: { filter: { slug: s }, update: { $set: { position: i + 1 } } } })));
      changed();
      await record(ctx, "category.moved", slug, String(index + 1), String(order.indexOf(slug) + 1));
    },

    /** Retired: kept on the listings and sectors that have it, no longer offered for new ones. */
    async setRetired(ctx: AuditContext, slug: string, retired: boolean): Promise<void> {
      const entry = await find(slug);
      if (entry.retired === retired) return;
      await categories.updateOne({ slug }, { $set: { retired } });
      changed();
      await record(ctx, retired ? "category.retired" : "category.restored", slug, entry.retired ? "retired" : "offered", retired ? "retired" : "offered");
    },
  };
}

export type CategoryService = ReturnType<typeof createCategoryService>;
