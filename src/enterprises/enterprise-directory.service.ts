import { trusted, type Types } from "mongoose";
import type { Enterprise, EnterpriseModel } from "./enterprise.model.ts";
import type { DirectoryQuery } from "./enterprise.schemas.ts";
import { isObjectId } from "../platform/db/ids.ts";
import type { StorefrontListings } from "./enterprise.ports.ts";

export const DIRECTORY_PAGE_SIZE = 20;

export type EnterpriseEntry = Omit<Enterprise, "createdAt" | "updatedAt"> & {
  id: string;
  createdAt: Date;
  /** The highest OCOP rating among its public listings, or null. */
  ocopStars: number | null;
};

const collator = new Intl.Collator("vi", { sensitivity: "base" });

const pageOf = (page: number, total: number, size: number) => {
  const pages = Math.max(1, Math.ceil(total / size));
  return { page: Math.min(page, pages), pages };
};

/**
 * The read side of the registry: the directory with its filters, the storefront and its products.
 * Filters FerretDB cannot express simply (valid certificates, OCOP products in another collection) are
 * applied in code over the matching enterprises' ids and names, a bounded set for one province.
 */
export function createEnterpriseDirectory({ enterprises, listings }: {
  enterprises: EnterpriseModel;
  listings: Pick<StorefrontListings, "ocopStarsOf">;
}) {
  const ocopStarsOf = (ids?: Types.ObjectId[]) => listings.ocopStarsOf(ids);

  const toEntry = (doc: Enterprise & { _id: Types.ObjectId }, stars: Map<string, number>): EnterpriseEntry => {
    const { _id, ...rest } = doc as Enterprise & { _id: Types.ObjectId; __v?: number };
    delete (rest as { __v?: number }).__v;
    return { ...rest, id: _id.toString(), ocopStars: stars.get(_id.toString()) ?? null };
  };

  /** Ids of the enterprises matching `query`, in the order asked for. */
  async function matchingIds(query: DirectoryQuery, { moderator }: { moderator: boolean }): Promise<Types.ObjectId[]> {
    const filter: Record<string, unknown> = { status: moderator ? query.status : "verified" };
    if (!filter.status) delete filter.status;
    if (query.kind) filter.kind = query.kind;
    if (query.sector) filter.sectors = query.sector;
    if (query.commune) filter["address.commune"] = query.commune;
    const rows = await enterprises.find(filter, { name: 1, createdAt: 1, verifiedAt: 1, certifications: 1 }).lean();

    const now = Date.now();
    let kept = query.certification
      ? rows.filter((row) => row.certifications.some((c) => c.kind === query.certification && c.expiresAt.getTime() >= now))
      : rows;
    if (query.ocop) {
      const withOcop = await ocopStarsOf(kept.map((row) => row._id));
      kept = kept.filter((row) => withOcop.has(row._id.toString()));
    }
    const sorted = query.sort === "newest"
      ? kept.sort((a, b) => (b.verifiedAt ?? b.createdAt).getTime() - (a.verifiedAt ?? a.createdAt).getTime() || collator.compare(a.name.vi, b.name.vi))
      : kept.sort((a, b) => collator.compare(a.name.vi, b.name.vi) || a._id.toString().localeCompare(b._id.toString()));
    return sorted.map((row) => row._id);
  }

  async function entries(ids: Types.ObjectId[]): Promise<EnterpriseEntry[]> {
    if (ids.length === 0) return [];
    const [docs, stars] = await Promise.all([enterprises.find({ _id: trusted({ $in: ids }) }).lean(), ocopStarsOf(ids)]);
    const byId = new Map(docs.map((doc) => [doc._id.toString(), doc]));
    return ids.flatMap((id) => {
      const doc = byId.get(id.toString());
      return doc ? [toEntry(doc, stars)] : [];
    });
  }

  return {
    /** One page of the directory. Visitors see verified enterprises only; moderators may filter by status. */
    async list(query: DirectoryQuery, { moderator }: { moderator: boolean }) {
      const ids = await matchingIds(query, { moderator });
      const { page, pages } = pageOf(query.page, ids.length, DIRECTORY_PAGE_SIZE);
      const items = await entries(ids.slice((page - 1) * DIRECTORY_PAGE_SIZE, page * DIRECTORY_PAGE_SIZE));
      return { items, total: ids.length, page, pages };
    },

    /** Every enterprise the same filters match, for the moderators' CSV/XLSX export. */
    async listAll(query: DirectoryQuery): Promise<EnterpriseEntry[]> {
      const ids = await matchingIds(query, { moderator: true });
      const out: EnterpriseEntry[] = [];
      for (let i = 0; i < ids.length; i += 500) out.push(...(await entries(ids.slice(i, i + 500))));
      return out;
    },

    /** The enterprise at `slug`, whatever its state (the route decides who may see it). */
    async findBySlug(slug: string): Promise<EnterpriseEntry | null> {
      if (!/^[a-z0-9-]{1,100}$/.test(slug)) return null;
      const doc = await enterprises.findOne({ slug }).lean();
      if (!doc) return null;
      return toEntry(doc, await ocopStarsOf([doc._id]));
    },

    async findById(id: string): Promise<EnterpriseEntry | null> {
      if (!isObjectId(id)) return null;
      const doc = await enterprises.findById(id).lean();
      return doc ? toEntry(doc, await ocopStarsOf([doc._id])) : null;
    },
  };
}

export type EnterpriseDirectory = ReturnType<typeof createEnterpriseDirectory>;
