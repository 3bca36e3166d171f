import { Router, type Request, type Response } from "express";
import { z } from "zod";
import { currentUser, requireRole } from "../accounts/index.ts";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import { ConflictError, NotFoundError, ValidationError } from "../platform/errors.ts";
import { parseInput } from "../platform/validation.ts";
import { renderFormErrors } from "../platform/web/forms.ts";
import type { Nomenclature } from "./nomenclature/nomenclature.service.ts";
import type { DeclarationActor } from "./declaration-access.ts";
import type { DeclarationReview, ReviewAction } from "./declaration-review.service.ts";
import type { DeclarationStatistics } from "./declaration-statistics.service.ts";
import type { DeclarationService } from "./declaration.service.ts";
import { DECLARATION_STATUSES, type LineNote } from "./declaration.model.ts";
import { formatMinor } from "./declaration.amounts.ts";
import { parsePeriod } from "./declaration.period.ts";
import { minorDigits } from "./reference/currencies.ts";
import { countryName } from "./reference/countries.ts";
import { langOf } from "../platform/i18n/i18n.ts";

type Deps = {
  declarations: DeclarationService;
  review: DeclarationReview;
  statistics: DeclarationStatistics;
  nomenclature?: Pick<Nomenclature, "lookup">;
};
type Lang = "vi" | "en";

const BASE = "/quan-tri/to-khai";
const PER_PAGE = 25;
/** Path segment → the department's move. */
const ACTIONS: Record<string, ReviewAction> = { "bat-dau": "start", "tiep-nhan": "accept", "tra-lai": "return", "tu-choi": "reject" };
/** Above this many lines, notes are given by line number (one textarea per line would pass the form's field limit). */
const MAX_LINE_TEXTAREAS = 150;
const EXTRA_NOTES = 10;

const queueSchema = z.object({
  status: z.enum(DECLARATION_STATUSES).exclude(["draft"]).optional().catch(undefined),
  period: z
    .string()
    .trim()
    .max(10)
    .optional()
    .transform((value) => value || undefined)
    .refine((value) => value === undefined || parsePeriod(value) !== null, { error: "declarations.errors.periodFormat" }),
  direction: z.enum(["export", "import"]).optional().catch(undefined),
  enterprise: z.string().regex(/^[a-f\d]{24}$/i).optional().catch(undefined),
  overdue: z.literal("1").optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

const locale = (lang: Lang) => (lang === "en" ? "en-US" : "vi-VN");
export const formatUsd = (cents: number, lang: Lang) => new Intl.NumberFormat(locale(lang), { style: "currency", currency: "USD" }).format(cents / 100);
/** A day (and time) in Gia Lai: "04/12/2026 10:45" (vi) or "Dec 4, 2026, 10:45 AM" (en). */
const formatDate = (date: Date | null | undefined, lang: Lang, time = false) =>
  date
    ? new Intl.DateTimeFormat(locale(lang), {
        ...(lang === "en" ? { dateStyle: "medium" as const } : { day: "2-digit" as const, month: "2-digit" as const, year: "numeric" as const }),
        ...(time ? (lang === "en" ? { timeStyle: "short" as const } : { hour: "2-digit" as const, minute: "2-digit" as const }) : {}),
        timeZone: "Asia/Ho_Chi_Minh",
      }).format(date)
    : "";

const actorOf = (req: Request): DeclarationActor => {
  const user = currentUser(req);
  return { kind: "user", userId: user.id, role: user.role };
};

/** /quan-tri/to-khai — the department's review queue; /quan-tri/to-khai/:id — one declaration, its history and the review's moves. */
export function declarationReviewRouter({ declarations, review, statistics, nomenclature }: Deps): Router {
  const router = Router();
  const moderators = requireRole("moderator", "admin");

  // GET /quan-tri/to-khai — filters in the address, so a filtered queue can be shared.
  router.get(BASE, ...moderators, async (req, res) => {
    const lang = langOf(req);
    const raw = { ...req.query } as Record<string, unknown>;
    let query: z.output<typeof queueSchema>;
    let errors: Record<string, string> = {};
    try {
      query = parseInput(queueSchema, raw);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      errors = Object.fromEntries(Object.entries(error.fieldErrors).map(([field, key]) => [field, req.t(key)]));
      query = parseInput(queueSchema, { ...raw, period: undefined });
      res.status(422);
    }
    const filters = { status: query.status, period: query.period ? parsePeriod(query.period)!.key : undefined, direction: query.direction, enterpriseId: query.enterprise, overdue: query.overdue === "1" };
    const [result, enterprises] = await Promise.all([review.queue(actorOf(req), filters, { page: query.page, perPage: PER_PAGE }), statistics.enterprises()]);
    const pages = Math.max(1, Math.ceil(result.total / PER_PAGE));
    const params = Object.entries({ status: query.status, period: filters.period, direction: query.direction, enterprise: query.enterprise, overdue: query.overdue }).filter(
      (entry): entry is [string, string] => !!entry[1],
    );
    const pageHref = (page: number) => `${BASE}?${new URLSearchParams([...params, ["page", String(page)]]).toString()}`;
    res.set("Cache-Control", "no-store");
    res.render("declarations/review-queue", {
      title: req.t("declarations.review.queueTitle"),
      errors,
      formError: Object.keys(errors).length > 0 ? req.t("errors.validation.message") : null,
      filters: { ...filters, period: query.period ?? "", overdue: filters.overdue },
      statuses: DECLARATION_STATUSES.filter((s) => s !== "draft").map((s) => ({ value: s, label: req.t(`declarations.status.${s}`), selected: s === query.status })),
      directions: ["export", "import"].map((d) => ({ value: d, label: req.t(`declarations.direction.${d}`), selected: d === query.direction })),
      enterprises: enterprises.map((e) => ({ ...e, selected: e.id === query.enterprise })),
      items: result.items.map((item) => ({
        id: item._id.toString(),
        receiptNumber: item.receiptNumber,
        enterprise: item.enterprise.name,
        enterpriseHref: `${BASE}?enterprise=${item.enterpriseId.toString()}`,
        period: item.period.key,
        direction: req.t(`declarations.direction.${item.direction}`),
        lines: item.totals.lineCount,
        totalUsd: formatUsd(item.totals.valueUsdCents, lang),
        submittedAt: formatDate(item.submittedAt, lang, true),
        dueAt: formatDate(item.reviewDueAt, lang),
        overdue: item.overdue,
        status: item.status,
        statusLabel: req.t(`declarations.status.${item.status}`),
      })),
      total: result.total,
      pagination:
        pages > 1
          ? {
              prev: query.page > 1 ? pageHref(query.page - 1) : null,
              next: query.page < pages ? pageHref(query.page + 1) : null,
              pages: Array.from({ length: pages }, (_, i) => ({ number: i + 1, href: pageHref(i + 1), current: i + 1 === query.page })).slice(
                Math.max(0, query.page - 6),
                query.page + 5,
              ),
            }
          : null,
    });
  });

  async function reviewPage(req: Request, extra: Record<string, unknown> = {}) {
    const lang = langOf(req);
    const id = String(req.params.id);
    const { declaration: d, history } = await declarations.get(actorOf(req), id);
    const headings = nomenclature ? await nomenclature.lookup([...new Set(d.lines.map((line) => line.hsCode))]) : new Map();
    const duplicates = new Set(d.duplicateCustomsNumbers);
    const notes = new Map(d.review.lineNotes.map((entry) => [entry.line, entry.note]));
    const typed = (extra.lineNoteValues ?? {}) as Record<number, string>;
    const lineErrors = (extra.lineErrors ?? new Set()) as Set<number>;
    return {
      title: req.t("declarations.review.pageTitle", { receiptNumber: d.receiptNumber || id }),
      id,
      d,
      statusLabel: req.t(`declarations.status.${d.status}`),
      directionLabel: req.t(`declarations.direction.${d.direction}`),
      periodLabel: req.t(`declarations.periodKind.${d.period.kind}`),
      totalUsd: formatUsd(d.totals.valueUsdCents, lang),
      byCurrency: d.totals.byCurrency.map(({ currency, valueMinor }) => `${formatMinor(valueMinor, minorDigits(currency))} ${currency}`).join("; "),
      submittedAt: formatDate(d.submittedAt, lang, true),
      dueAt: formatDate(d.reviewDueAt, lang),
      decidedAt: formatDate(d.decidedAt, lang, true),
      overdue: (d.status === "submitted" || d.status === "under_review") && !!d.reviewDueAt && d.reviewDueAt < new Date(),
      correctionOf: d.correctionOf?.toString() ?? null,
      supersededBy: d.supersededBy?.toString() ?? null,
      duplicates: d.duplicateCustomsNumbers,
      canStart: d.status === "submitted",
      canDecide: d.status === "under_review",
      lineTextareas: d.lines.length <= MAX_LINE_TEXTAREAS,
      extraNotes: d.lines.length > MAX_LINE_TEXTAREAS ? Array.from({ length: EXTRA_NOTES }, (_, k) => ({ k })) : [],
      lines: d.lines.map((line, index) => ({
        ...line,
        index,
        number: index + 1,
        heading: headings.get(line.hsCode)?.heading?.description ?? "",
        country: countryName(line.partnerCountry, lang),
        usd: formatUsd(line.valueUsdCents ?? 0, lang),
        duplicate: duplicates.has(line.customsNumber),
        storedNote: notes.get(index) ?? "",
        noteValue: typed[index] ?? "",
        noteError: lineErrors.has(index),
      })),
      reviewNote: d.review.note,
      reviewReason: d.review.reason,
      attachments: d.attachments.map((file) => ({
        name: file.name,
        kind: req.t(`declarations.attachmentKind.${file.kind}`),
        size: new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1 }).format(file.size / 1024),
        href: `/to-khai/${id}/tep/${file.fileId.toString()}`,
      })),
      history: history.map((version) => ({
        version: version.version,
        submittedAt: formatDate(version.submittedAt, lang, true),
        channel: req.t(`declarations.review.channel.${version.channel}`),
        lines: version.snapshot.totals?.lineCount ?? version.snapshot.lines?.length ?? 0,
        totalUsd: formatUsd(version.snapshot.totals?.valueUsdCents ?? 0, lang),
        // A version not yet judged has no outcome stored (it was written by an upsert, without the schema's defaults).
        outcome: version.outcome?.status ? req.t(`declarations.status.${version.outcome.status}`) : req.t("declarations.review.pending"),
        note: version.outcome?.note ?? "",
        reason: version.outcome?.reason ?? "",
        lineNotes: (version.outcome?.lineNotes ?? []).map((entry) => ({ number: entry.line + 1, note: entry.note })),
        decidedAt: formatDate(version.outcome?.decidedAt, lang, true),
      })),
      notice: Object.hasOwn(ACTIONS, String(req.query.ok ?? "")) ? req.t(`declarations.review.done.${ACTIONS[String(req.query.ok)]}`) : null,
      ...extra,
    };
  }

  router.get(`${BASE}/:id`, ...moderators, async (req, res) => {
    res.set("Cache-Control", "no-store");
    res.render("declarations/review", await reviewPage(req));
  });

  // POST /quan-tri/to-khai/:id/(bat-dau|tiep-nhan|tra-lai|tu-choi) — one move of the review, audited by the service.
  router.post(`${BASE}/:id/:action`, ...moderators, async (req: Request, res: Response) => {
    const segment = String(req.params.action);
    if (!Object.hasOwn(ACTIONS, segment)) throw new NotFoundError();
    const action = ACTIONS[segment]!;
    const id = String(req.params.id);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === "string" ? value : "");
    const { lineNotes, typed } = lineNotesOf(body);
    const input = { note: text(body.note), reason: text(body.reason), lineNotes };
    try {
      await review.decide(auditContextOf(req), actorOf(req), { declarationId: id, action, input });
      res.redirect(303, `${BASE}/${id}?ok=${segment}`);
    } catch (error) {
      if (error instanceof ConflictError) {
        res.status(409).render("declarations/review", await reviewPage(req, { formError: req.t(error.messageKey) }));
        return;
      }
      if (!(error instanceof ValidationError)) throw error;
      const lineErrors = new Set(
        Object.keys(error.fieldErrors)
          .map((path) => /^lineNotes\.(\d+)\.line$/.exec(path))
          .filter((match) => match !== null)
          .map((match) => lineNotes[Number(match[1])]?.line ?? -1),
      );
      const locals = await reviewPage(req, { failedAction: action, noteValue: input.note, reasonValue: input.reason, lineNoteValues: typed, lineErrors });
      renderFormErrors(req, res, "declarations/review", locals, error);
    }
  });

  return router;
}

/**
 * The per-line notes of a return: `lineNote[3]` holds the note for the line at index 3; for long
 * declarations `extraLine[k]` (the line's number as shown, from 1) and `extraNote[k]` pair up.
 */
function lineNotesOf(body: Record<string, unknown>): { lineNotes: LineNote[]; typed: Record<number, string> } {
  const typed: Record<number, string> = {};
  const lineNotes: LineNote[] = [];
  for (const [field, value] of Object.entries(body)) {
    const match = /^lineNote\[(\d{1,5})\]$/.exec(field);
    if (match && typeof value === "string" && value.trim() !== "") {
      typed[Number(match[1])] = value;
      lineNotes.push({ line: Number(match[1]), note: value });
    }
    const extra = /^extraNote\[(\d{1,2})\]$/.exec(field);
    if (extra && typeof value === "string" && value.trim() !== "") {
      const number = Number(String(body[`extraLine[${extra[1]}]`] ?? "").trim());
      lineNotes.push({ line: Number.isInteger(number) && number > 0 ? number - 1 : -1, note: value });
    }
  }
  return { lineNotes: lineNotes.sort((a, b) => a.line - b.line), typed };
}
