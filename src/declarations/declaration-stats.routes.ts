import { createRequire } from "node:module";
import path from "node:path";
import { Router, type Request } from "express";
import { z } from "zod";
import { requireRole } from "../accounts/index.ts";
import { NotFoundError } from "../platform/errors.ts";
import { parseInput } from "../platform/validation.ts";
import type { Nomenclature } from "./nomenclature/nomenclature.service.ts";
import { breakdownCsv, breakdownXlsx, type ExportRow, type ExportTable } from "./declaration-export.ts";
import { formatUsd } from "./declaration-review.routes.ts";
import { BREAKDOWNS, type Breakdown, type BreakdownRow, type DeclarationStatistics, type YearStatistics } from "./declaration-statistics.service.ts";
import { countryName } from "./reference/countries.ts";
import { langOf } from "../platform/i18n/i18n.ts";

type Deps = { statistics: DeclarationStatistics; nomenclature?: Pick<Nomenclature, "lookup"> };

const BASE = "/quan-tri/thong-ke-xnk";
/** Chart.js's UMD build, served from the installed package (no download at install or build time). */
const CHART_JS = path.join(path.dirname(createRequire(import.meta.url).resolve("chart.js")), "chart.umd.min.js");
const CHART_TOP = 15;
const CHART_TYPES: Record<Breakdown, string> = { month: "bar", direction: "doughnut", country: "hbar", chapter: "bar", section: "hbar", enterprise: "hbar" };
const SUMMARY: Breakdown[] = ["country", "section"];

const thisYear = () => new Date(Date.now() + 7 * 3600_000).getUTCFullYear();
const filterSchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).catch(thisYear),
  direction: z.enum(["export", "import"]).optional().catch(undefined),
});

/** /quan-tri/thong-ke-xnk — the province's trade in accepted declarations: charts, tables and exports; /quan-tri/thong-ke-xnk/:year — the yearly summary. */
export function declarationStatsRouter({ statistics, nomenclature }: Deps): Router {
  const router = Router();
  const moderators = requireRole("moderator", "admin");

  // GET /vendor/chart.js/chart.umd.min.js — public, cacheable, same origin (the CSP allows only 'self').
  router.get("/vendor/chart.js/chart.umd.min.js", (_req, res) => {
    res.sendFile(CHART_JS, { maxAge: "7d", headers: { "Content-Type": "text/javascript; charset=utf-8" } });
  });

  /** Each row with its name in the reader's language; months as all twelve. */
  async function labelled(req: Request, stats: YearStatistics, breakdown: Breakdown): Promise<ExportRow[]> {
    const lang = langOf(req);
    let rows: BreakdownRow[] = stats.breakdowns[breakdown];
    if (breakdown === "month") {
      const byMonth = new Map(rows.map((row) => [row.key, row]));
      rows = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, "0")).map(
        (key) => byMonth.get(key) ?? { key, exportUsdCents: 0, importUsdCents: 0, totalUsdCents: 0 },
      );
    }
    const chapters = breakdown === "chapter" && nomenclature ? await nomenclature.lookup(rows.map((row) => row.key)) : new Map();
    const label = (row: BreakdownRow): string => {
      switch (breakdown) {
        case "month":
          return req.t("declarations.stats.monthName", { month: Number(row.key), year: stats.year });
        case "direction":
          return req.t(`declarations.direction.${row.key}`);
        case "country":
          return countryName(row.key, lang);
        case "chapter":
          return chapters.get(row.key)?.chapter?.description ?? req.t("declarations.stats.chapterName", { chapter: row.key });
        case "section":
          return req.t(`declarations.stats.sections.${row.key}`, { defaultValue: row.key });
        case "enterprise":
          return row.name ?? row.key;
      }
    };
    return rows.map((row) => ({ key: row.key, label: label(row), exportUsdCents: row.exportUsdCents, importUsdCents: row.importUsdCents, totalUsdCents: row.totalUsdCents }));
  }

  async function section(req: Request, stats: YearStatistics, breakdown: Breakdown, query: string) {
    const lang = langOf(req);
    const rows = await labelled(req, stats, breakdown);
    const type = CHART_TYPES[breakdown];
    const charted = breakdown === "month" || breakdown === "direction" || breakdown === "section" ? rows : rows.slice(0, CHART_TOP);
    const dollars = (cents: number) => cents / 100;
    const datasets =
      breakdown === "direction"
        ? [{ label: req.t("declarations.stats.totalUsd"), data: charted.map((row) => dollars(row.totalUsdCents)) }]
        : (stats.direction ? [stats.direction] : ["export", "import"]).map((side) => ({
            label: req.t(`declarations.direction.${side}`),
            side,
            data: charted.map((row) => dollars(side === "export" ? row.exportUsdCents : row.importUsdCents)),
          }));
    return {
      key: breakdown,
      title: req.t(`declarations.stats.breakdown.${breakdown}`),
      columnTitle: req.t(`declarations.stats.columns.${breakdown}`),
      chart: JSON.stringify({ type, labels: charted.map((row) => row.label), datasets }),
      chartLabel: req.t("declarations.stats.chartLabel", { title: req.t(`declarations.stats.breakdown.${breakdown}`) }),
      top: charted.length < rows.length ? req.t("declarations.stats.chartTop", { count: charted.length }) : "",
      rows: rows.map((row) => ({
        ...row,
        shownKey: breakdown === "country" || breakdown === "chapter" ? row.key : "",
        exportUsd: formatUsd(row.exportUsdCents, lang),
        importUsd: formatUsd(row.importUsdCents, lang),
        totalUsd: formatUsd(row.totalUsdCents, lang),
      })),
      csvHref: `${BASE}/xuat/${breakdown}.csv?${query}`,
      xlsxHref: `${BASE}/xuat/${breakdown}.xlsx?${query}`,
    };
  }

  function common(req: Request, stats: YearStatistics) {
    const lang = langOf(req);
    const current = thisYear();
    return {
      year: stats.year,
      years: Array.from({ length: 6 }, (_, i) => current - i)
        .concat(stats.year < current - 5 || stats.year > current ? [stats.year] : [])
        .map((year) => ({ year, selected: year === stats.year })),
      directions: ["export", "import"].map((value) => ({ value, label: req.t(`declarations.direction.${value}`), selected: value === stats.direction })),
      totals: {
        ...stats.totals,
        exportUsd: formatUsd(stats.totals.exportUsdCents, lang),
        importUsd: formatUsd(stats.totals.importUsdCents, lang),
        totalUsd: formatUsd(stats.totals.totalUsdCents, lang),
        balanceUsd: formatUsd(stats.totals.exportUsdCents - stats.totals.importUsdCents, lang),
      },
    };
  }

  router.get(BASE, ...moderators, async (req, res) => {
    const { year, direction } = parseInput(filterSchema, req.query);
    const stats = await statistics.year({ year, direction });
    const query = new URLSearchParams({ year: String(year), ...(direction ? { direction } : {}) }).toString();
    const breakdowns: Breakdown[] = ["month", "direction", "country", "chapter", "enterprise"];
    res.set("Cache-Control", "no-store");
    res.render("declarations/stats", {
      title: req.t("declarations.stats.title"),
      ...common(req, stats),
      direction: direction ?? "",
      summaryHref: `${BASE}/${year}`,
      sections: await Promise.all(breakdowns.map((breakdown) => section(req, stats, breakdown, query))),
    });
  });

  // GET /quan-tri/thong-ke-xnk/xuat/<breakdown>.(csv|xlsx|json)?year=&direction= — one breakdown as a file.
  router.get(`${BASE}/xuat/:file`, ...moderators, async (req, res) => {
    const match = /^([a-z]+)\.(csv|xlsx|json)$/.exec(String(req.params.file));
    const breakdown = BREAKDOWNS.find((name) => name === match?.[1]);
    if (!match || !breakdown) throw new NotFoundError();
    const { year, direction } = parseInput(filterSchema, req.query);
    const stats = await statistics.year({ year, direction });
    const rows = await labelled(req, stats, breakdown);
    const name = `thong-ke-xnk-${year}${direction ? `-${direction}` : ""}-${breakdown}`;
    res.set("Cache-Control", "no-store");
    if (match[2] === "json") {
      res.json({ year, direction: direction ?? null, breakdown, rows });
      return;
    }
    const table: ExportTable = {
      title: `${req.t(`declarations.stats.breakdown.${breakdown}`)} ${year}`,
      headings: [
        req.t("declarations.stats.columns.key"),
        req.t(`declarations.stats.columns.${breakdown}`),
        req.t("declarations.stats.columns.exportUsd"),
        req.t("declarations.stats.columns.importUsd"),
        req.t("declarations.stats.columns.totalUsd"),
      ],
      rows,
    };
    if (match[2] === "csv") {
      res.type("text/csv; charset=utf-8").attachment(`${name}.csv`).send(breakdownCsv(table));
      return;
    }
    res.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").attachment(`${name}.xlsx`).send(await breakdownXlsx(table));
  });

  // GET /quan-tri/thong-ke-xnk/:year — the province's yearly summary: export and import by market and by product group.
  router.get(`${BASE}/:year`, ...moderators, async (req, res) => {
    if (!/^\d{4}$/.test(String(req.params.year))) throw new NotFoundError();
    const { year } = parseInput(filterSchema, { year: req.params.year });
    const stats = await statistics.year({ year });
    const query = `year=${year}`;
    res.set("Cache-Control", "no-store");
    res.render("declarations/stats", {
      summary: true,
      title: req.t("declarations.stats.summaryTitle", { year }),
      ...common(req, stats),
      statsHref: `${BASE}?${query}`,
      sections: await Promise.all(SUMMARY.map((breakdown) => section(req, stats, breakdown, query))),
    });
  });

  return router;
}
