import { trusted, type Types, type AccumulatorOperator } from "mongoose";
import { DIRECTIONS, type Direction } from "./declaration.header.ts";
import type { DeclarationModel } from "./declaration.model.ts";

/** One row of a breakdown: what it is (month "03", country "JP", chapter "09", section "II", enterprise id) and its USD cents. */
export type BreakdownRow = { key: string; name?: string; exportUsdCents: number; importUsdCents: number; totalUsdCents: number };
export type Breakdown = "month" | "direction" | "country" | "chapter" | "section" | "enterprise";
export const BREAKDOWNS: readonly Breakdown[] = ["month", "direction", "country", "chapter", "section", "enterprise"];

export type YearStatistics = {
  year: number;
  direction: Direction | null;
  totals: { exportUsdCents: number; importUsdCents: number; totalUsdCents: number; declarations: number; lines: number };
  breakdowns: Record<Breakdown, BreakdownRow[]>;
};

/** HS sections (I–XXI) by their first and last chapter: the "product groups" of the yearly summary. */
export const HS_SECTIONS: readonly { key: string; first: number; last: number }[] = [
  { key: "I", first: 1, last: 5 }, { key: "II", first: 6, last: 14 }, { key: "III", first: 15, last: 15 },
  { key: "IV", first: 16, last: 24 }, { key: "V", first: 25, last: 27 }, { key: "VI", first: 28, last: 38 },
  { key: "VII", first: 39, last: 40 }, { key: "VIII", first: 41, last: 43 }, { key: "IX", first: 44, last: 46 },
  { key: "X", first: 47, last: 49 }, { key: "XI", first: 50, last: 63 }, { key: "XII", first: 64, last: 67 },
  { key: "XIII", first: 68, last: 70 }, { key: "XIV", first: 71, last: 71 }, { key: "XV", first: 72, last: 83 },
  { key: "XVI", first: 84, last: 85 }, { key: "XVII", first: 86, last: 89 }, { key: "XVIII", first: 90, last: 92 },
  { key: "XIX", first: 93, last: 93 }, { key: "XX", first: 94, last: 96 }, { key: "XXI", first: 97, last: 97 },
];

export const sectionOf = (chapter: string): string => HS_SECTIONS.find(({ first, last }) => Number(chapter) >= first && Number(chapter) <= last)?.key ?? "?";

type LineGroup = { _id: { day?: string; country?: string; hs?: string }; usd: number };
type CountGroup = { _id: unknown; n: number };
type Named = { enterpriseId: Types.ObjectId; enterprise: { name: string } };

/**
 * Trade statistics over ACCEPTED declarations only (a superseded one was replaced by its accepted
 * correction; submitted, returned and rejected ones are not figures yet). Lines count in the month
 * of their customs date, so a quarterly declaration falls in its real months.
 *
 * FerretDB 1.24 shapes the pipelines (each quirk checked against it): `$unwind` keeps only `_id` and the
 * unwound field (so one pipeline per direction, which is `$match`ed before), a `$group` computes only its
 * first accumulator (so one accumulator per pipeline), and `$substr` is not implemented (so lines are
 * grouped by full date and HS code, and folded into months and chapters here). Money stays in USD cents.
 */
export function createDeclarationStatistics({ declarations }: { declarations: DeclarationModel }) {
  const accepted = (year: number, direction?: Direction) => ({ status: "accepted" as const, "period.year": year, ...(direction ? { direction } : {}) });

  async function lineGroups(year: number, direction: Direction): Promise<LineGroup[]> {
    return declarations.aggregate<LineGroup>([
      { $match: accepted(year, direction) },
      { $unwind: "$lines" },
      { $group: { _id: { day: "$lines.customsDate", country: "$lines.partnerCountry", hs: "$lines.hsCode" }, usd: { $sum: "$lines.valueUsdCents" } } },
    ]);
  }

  /** One `$sum` of a declaration field per (enterprise, direction). */
  async function byEnterprise(year: number, direction: Direction | undefined, accumulator: AccumulatorOperator): Promise<CountGroup[]> {
    return declarations.aggregate<CountGroup>([
      { $match: accepted(year, direction) },
      { $group: { _id: { enterprise: "$enterpriseId", direction: "$direction" }, n: accumulator } },
    ]);
  }

  async function enterpriseNames(year: number): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    // Newest first: the enterprise's name as it last declared it.
    const cursor = declarations.find(accepted(year), { enterpriseId: 1, "enterprise.name": 1 }).sort({ submittedAt: -1 }).lean<Named[]>().cursor();
    for await (const doc of cursor) if (!names.has(doc.enterpriseId.toString())) names.set(doc.enterpriseId.toString(), doc.enterprise.name);
    return names;
  }

  return {
    /** The enterprises that have submitted declarations (the review queue's filter), by name. */
    async enterprises(): Promise<{ id: string; name: string }[]> {
      const groups = await declarations.aggregate<{ _id: Types.ObjectId }>([{ $match: { status: { $ne: "draft" } } }, { $group: { _id: "$enterpriseId" } }]);
      const names = new Map<string, string>();
      if (groups.length > 0) {
        const cursor = declarations
          .find({ enterpriseId: trusted({ $in: groups.map((group) => group._id) }), status: trusted({ $ne: "draft" }) }, { enterpriseId: 1, "enterprise.name": 1 })
          .sort({ submittedAt: -1 })
          .lean<Named[]>()
          .cursor();
        for await (const doc of cursor) if (!names.has(doc.enterpriseId.toString())) names.set(doc.enterpriseId.toString(), doc.enterprise.name);
      }
      return [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, "vi"));
    },

    /** The year's figures, each breakdown sorted (months and sections in order, the rest largest first). */
    async year({ year, direction }: { year: number; direction?: Direction }): Promise<YearStatistics> {
      const directions = direction ? [direction] : [...DIRECTIONS];
      const tables = { month: new Map(), direction: new Map(), country: new Map(), chapter: new Map(), section: new Map(), enterprise: new Map() } as Record<Breakdown, Map<string, BreakdownRow>>;
      const add = (breakdown: Breakdown, key: string, side: Direction, cents: number) => {
        const row = tables[breakdown].get(key) ?? { key, exportUsdCents: 0, importUsdCents: 0, totalUsdCents: 0 };
        row[side === "export" ? "exportUsdCents" : "importUsdCents"] += cents;
        row.totalUsdCents += cents;
        tables[breakdown].set(key, row);
      };

      for (const side of directions) {
        add("direction", side, side, 0);
        for (const { _id, usd } of await lineGroups(year, side)) {
          const chapter = (_id.hs ?? "").slice(0, 2);
          add("month", (_id.day ?? "").slice(5, 7), side, usd);
          add("direction", side, side, usd);
          add("country", _id.country ?? "", side, usd);
          add("chapter", chapter, side, usd);
          add("section", sectionOf(chapter), side, usd);
        }
      }
      const [sums, counts, lineCounts, names] = await Promise.all([
        byEnterprise(year, direction, { $sum: "$totals.valueUsdCents" }),
        byEnterprise(year, direction, { $sum: 1 }),
        byEnterprise(year, direction, { $sum: "$totals.lineCount" }),
        enterpriseNames(year),
      ]);
      for (const { _id, n } of sums) {
        const { enterprise, direction: side } = _id as { enterprise: Types.ObjectId; direction: Direction };
        add("enterprise", enterprise.toString(), side, n);
      }
      for (const row of tables.enterprise.values()) row.name = names.get(row.key) ?? row.key;

      const byTotal = (a: BreakdownRow, b: BreakdownRow) => b.totalUsdCents - a.totalUsdCents || a.key.localeCompare(b.key);
      const byKey = (a: BreakdownRow, b: BreakdownRow) => a.key.localeCompare(b.key);
      const sectionIndex = (key: string) => HS_SECTIONS.findIndex((section) => section.key === key);
      const rows = (breakdown: Breakdown) => [...tables[breakdown].values()];
      const directionRows = rows("direction");
      const sumOf = (side: Direction) => directionRows.find((row) => row.key === side)?.totalUsdCents ?? 0;
      return {
        year,
        direction: direction ?? null,
        totals: {
          exportUsdCents: sumOf("export"),
          importUsdCents: sumOf("import"),
          totalUsdCents: sumOf("export") + sumOf("import"),
          declarations: counts.reduce((sum, { n }) => sum + n, 0),
          lines: lineCounts.reduce((sum, { n }) => sum + n, 0),
        },
        breakdowns: {
          month: rows("month").sort(byKey),
          direction: directionRows.sort(byKey),
          country: rows("country").sort(byTotal),
          chapter: rows("chapter").sort(byKey),
          section: rows("section").sort((a, b) => sectionIndex(a.key) - sectionIndex(b.key)),
          enterprise: rows("enterprise").sort(byTotal),
        },
      };
    },
  };
}

export type DeclarationStatistics = ReturnType<typeof createDeclarationStatistics>;
