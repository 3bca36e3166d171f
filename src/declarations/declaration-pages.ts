import type { Request, Response } from "express";
import { currentUser } from "../accounts/index.ts";
import type { AuditLog } from "../platform/audit/audit.service.ts";
import { NotFoundError } from "../platform/errors.ts";
import type { DeclarationActor } from "./declaration-access.ts";
import type { DeclarationService } from "./declaration.service.ts";
import { attachmentsOf, badgeOf, formatDate, historyOf, lineRowsOf, summaryOf } from "./declaration-view.ts";
import { ATTACHMENT_KINDS } from "./declaration.model.ts";
import { langOf } from "../platform/i18n/i18n.ts";

/** The read-only pages of a declaration for its enterprise (and the department): the page, a version, the receipt. */

export type PageDeps = { declarations: DeclarationService; audit: Pick<AuditLog, "recent"> };


/** Who is acting, for the declarations' services: the signed-in person with their global role. */
export function webActor(req: Request): DeclarationActor {
  const user = currentUser(req);
  return { kind: "user", userId: user.id, role: user.role };
}

const NOTICES = new Set(["saved", "submitted", "fileAdded", "fileRemoved", "deleted"]);
export const noticeOf = (req: Request): string | undefined => {
  const ok = String(req.query.ok ?? "");
  return NOTICES.has(ok) ? req.t(`declarations.web.notices.${ok}`) : undefined;
};

export function periodLabel(req: Request, period: { kind: string; number: number; year: number }): string {
  return req.t(`declarations.web.period.${period.kind === "quarter" ? "quarter" : "month"}`, { number: String(period.number).padStart(period.kind === "month" ? 2 : 1, "0"), year: period.year });
}

/** GET /to-khai/:id — and the same page again, with the upload's problem, after a refused upload (422). */
export async function renderDeclarationPage(deps: PageDeps, req: Request, res: Response, id: string, extra: { status?: number; uploadError?: string; uploadKind?: string } = {}) {
  const lang = langOf(req);
  const { declaration, history, canFile } = await deps.declarations.get(webActor(req), id);
  const summary = summaryOf(declaration, lang, new Date(), req.t, canFile);
  const review = declaration.review ?? { note: "", lineNotes: [], reason: "" };
  const showReview = ["returned", "rejected", "accepted"].includes(declaration.status) && (review.note || review.reason || review.lineNotes.length > 0);
  const timeline = (await deps.audit.recent({ subjectType: "declaration", subjectId: id }, 100)).reverse().map((entry) => ({
    at: formatDate(entry.at, lang),
    action: req.t(`declarations.web.timeline.${entry.action}`),
    to: entry.to && entry.to !== entry.from ? entry.to : "",
  }));
  const editable = canFile && (declaration.status === "draft" || declaration.status === "returned");
  res.status(extra.status ?? 200).render("declarations/show", {
    title: declaration.receiptNumber || req.t("declarations.web.show.draftTitle"),
    d: summary,
    periodText: periodLabel(req, declaration.period),
    enterprise: declaration.enterprise,
    contact: declaration.contact,
    lines: lineRowsOf(declaration.lines, lang, showReview ? review.lineNotes : []),
    review: showReview ? { note: review.note, reason: declaration.status === "rejected" ? review.reason : "", lineNoteCount: review.lineNotes.length } : null,
    correctionOf: declaration.correctionOf ? `/to-khai/${declaration.correctionOf.toString()}` : null,
    supersededBy: declaration.supersededBy ? `/to-khai/${declaration.supersededBy.toString()}` : null,
    duplicates: declaration.duplicateCustomsNumbers.join(", "),
    problemCount: declaration.status === "draft" || declaration.status === "returned" ? declaration.problemCount : 0,
    attachments: attachmentsOf(id, declaration.attachments, lang, req.t),
    canUpload: editable && declaration.attachments.length < 10,
    editable,
    discardable: editable && declaration.status === "draft" && declaration.version === 0,
    // A long declaration is corrected more easily in its spreadsheet than in the form.
    uploadUrl: editable ? `/to-khai/tai-len?dn=${declaration.enterpriseId.toString()}&to-khai=${id}` : null,
    attachmentKinds: ATTACHMENT_KINDS.map((kind) => ({ kind, label: req.t(`declarations.attachmentKind.${kind}`), selected: kind === extra.uploadKind })),
    uploadError: extra.uploadError,
    history: historyOf(id, history, lang, req.t),
    timeline,
    notice: noticeOf(req),
  });
}

/** GET /to-khai/:id/phien-ban/:n — a submitted version exactly as it was submitted, with its outcome. */
export async function renderVersionPage(deps: PageDeps, req: Request, res: Response, id: string, number: number) {
  const lang = langOf(req);
  const { declaration, history } = await deps.declarations.get(webActor(req), id);
  const version = history.find((entry) => entry.version === number);
  if (!version) throw new NotFoundError();
  const snapshot = version.snapshot;
  const outcome = version.outcome ?? { status: "", note: "", lineNotes: [], reason: "", decidedAt: null };
  res.render("declarations/version", {
    title: req.t("declarations.web.version.title", { version: number, receiptNumber: declaration.receiptNumber }),
    id,
    version: number,
    receiptNumber: declaration.receiptNumber,
    submittedAt: formatDate(version.submittedAt, lang),
    channel: version.channel,
    periodText: periodLabel(req, snapshot.period),
    direction: snapshot.direction,
    enterprise: snapshot.enterprise,
    contact: snapshot.contact,
    totals: historyOf(id, [version], lang, req.t)[0],
    lines: lineRowsOf(snapshot.lines ?? [], lang, outcome.lineNotes ?? []),
    directionLabel: req.t(`declarations.direction.${snapshot.direction}`),
    outcome: outcome.status ? { status: outcome.status, label: req.t(`declarations.status.${outcome.status}`), badge: badgeOf(outcome.status), note: outcome.note, reason: outcome.reason, decidedAt: formatDate(outcome.decidedAt, lang) } : null,
    attachments: attachmentsOf(id, snapshot.attachments ?? [], lang, req.t),
  });
}

/** GET /to-khai/:id/bien-nhan — "Giấy biên nhận hồ sơ", printable; only once a receipt number was given. */
export async function renderReceipt(deps: PageDeps, req: Request, res: Response, id: string) {
  const lang = langOf(req);
  const { declaration } = await deps.declarations.get(webActor(req), id);
  if (!declaration.receiptNumber || !declaration.submittedAt) throw new NotFoundError();
  const summary = summaryOf(declaration, lang, new Date(), req.t);
  res.render("declarations/receipt", {
    title: req.t("declarations.web.receipt.title"),
    d: summary,
    periodText: periodLabel(req, declaration.period),
    enterprise: declaration.enterprise,
    contact: declaration.contact,
    reviewDueDate: formatDate(declaration.reviewDueAt, lang, false),
    printedAt: formatDate(new Date(), lang),
  });
}
