import type { PageTranslate as Translate } from "../platform/i18n/i18n.ts";
import { isOverdue } from "./declaration-review.service.ts";
import type { StoredLine } from "./declaration.fields.ts";
import type { Attachment, Declaration, DeclarationVersion, LineNote } from "./declaration.model.ts";
import { countryName, isCountryCode } from "./reference/countries.ts";
import { isCurrencyCode, minorDigits } from "./reference/currencies.ts";

/** What the enterprise's pages show of a declaration: amounts, dates and names in the reader's language. */

type Lang = "vi" | "en";
export type { PageTranslate as Translate } from "../platform/i18n/i18n.ts";
const locale = (lang: Lang) => (lang === "en" ? "en-US" : "vi-VN");

/** Integer minor units → "12.500.000 VND" / "46.080,00 USD" (vi) or "46,080.00 USD" (en). */
export function formatAmount(minor: number | undefined, currency: string, lang: Lang): string {
  if (typeof minor !== "number") return "";
  const digits = isCurrencyCode(currency) ? minorDigits(currency) : 2;
  const number = new Intl.NumberFormat(locale(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(minor / 10 ** digits);
  return `${number} ${currency}`;
}

export function formatDate(date: Date | null | undefined, lang: Lang, withTime = true): string {
  if (!date) return "";
  const options: Intl.DateTimeFormatOptions = withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" };
  return new Intl.DateTimeFormat(locale(lang), { ...options, timeZone: "Asia/Ho_Chi_Minh" }).format(date);
}

/** "2026-03-15" → "15/03/2026" (vi) or "Mar 15, 2026" (en). */
function formatIsoDate(iso: string, lang: Lang): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: lang === "en" ? "medium" : "short", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
}

const BADGES: Record<string, string> = {
  draft: "badge-draft",
  submitted: "badge-pending",
  under_review: "badge-pending",
  returned: "badge-returned",
  accepted: "badge-verified",
  rejected: "badge-rejected",
  superseded: "badge-muted",
};
export const badgeOf = (status: string) => BADGES[status] ?? "";

type Header = Pick<Declaration, "period" | "direction" | "status" | "receiptNumber" | "totals" | "submittedAt" | "reviewDueAt" | "updatedAt"> & { _id: { toString(): string } };

/** One row of the enterprise's list (and the head of the declaration's page). */
export function summaryOf(declaration: Header, lang: Lang, now: Date, t: Translate, canFile = true) {
  const id = declaration._id.toString();
  const editable = canFile && (declaration.status === "draft" || declaration.status === "returned");
  return {
    id,
    url: `/to-khai/${id}`,
    editUrl: editable ? `/to-khai/${id}/sua` : null,
    receiptUrl: declaration.receiptNumber ? `/to-khai/${id}/bien-nhan` : null,
    status: declaration.status,
    statusLabel: t(`declarations.status.${declaration.status}`),
    statusMeaning: t(`declarations.web.statusMeaning.${declaration.status}`),
    badge: badgeOf(declaration.status),
    directionLabel: t(`declarations.direction.${declaration.direction}`),
    periodKey: declaration.period.key,
    periodKind: declaration.period.kind,
    periodNumber: declaration.period.number,
    periodYear: declaration.period.year,
    direction: declaration.direction,
    receiptNumber: declaration.receiptNumber,
    lineCount: declaration.totals.lineCount,
    totalUsd: formatAmount(declaration.totals.valueUsdCents, "USD", lang),
    byCurrency: declaration.totals.byCurrency.map((entry) => formatAmount(entry.valueMinor, entry.currency, lang)),
    submittedAt: formatDate(declaration.submittedAt, lang),
    reviewDueAt: formatDate(declaration.reviewDueAt, lang),
    updatedAt: formatDate(declaration.updatedAt, lang),
    overdue: isOverdue(declaration, now),
  };
}

/** The lines as a table: names of countries, formatted amounts, and the moderator's note on each noted line. */
export function lineRowsOf(lines: StoredLine[], lang: Lang, lineNotes: LineNote[] = []) {
  return lines.map((line, index) => {
    const notes = lineNotes.filter((entry) => entry.line === index).map((entry) => entry.note);
    return {
      number: index + 1,
      ...line,
      country: isCountryCode(line.partnerCountry) ? countryName(line.partnerCountry, lang) : line.partnerCountry,
      quantityText: typeof line.quantityValue === "number" ? new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 3 }).format(line.quantityValue) : line.quantity,
      value: typeof line.valueMinor === "number" ? formatAmount(line.valueMinor, line.currency, lang) : `${line.valueAmount} ${line.currency}`.trim(),
      usd: typeof line.valueUsdCents === "number" ? formatAmount(line.valueUsdCents, "USD", lang) : line.valueUsd,
      customsDateText: formatIsoDate(line.customsDate, lang),
      notes,
      noted: notes.length > 0,
    };
  });
}

export function attachmentsOf(declarationId: string, attachments: Attachment[], lang: Lang, t: Translate) {
  return attachments.map((file) => ({
    id: file.fileId.toString(),
    name: file.name,
    kind: file.kind,
    kindLabel: t(`declarations.attachmentKind.${file.kind}`),
    size: new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1 }).format(file.size / 1024),
    uploadedAt: formatDate(file.uploadedAt, lang),
    url: `/to-khai/${declarationId}/tep/${file.fileId.toString()}`,
  }));
}

/** The submitted versions, newest first, each with what the review made of it. */
export function historyOf(declarationId: string, history: DeclarationVersion[], lang: Lang, t: Translate) {
  return history.map((version) => ({
    version: version.version,
    url: `/to-khai/${declarationId}/phien-ban/${version.version}`,
    submittedAt: formatDate(version.submittedAt, lang),
    channel: version.channel,
    lineCount: version.snapshot.totals?.lineCount ?? version.snapshot.lines?.length ?? 0,
    totalUsd: formatAmount(version.snapshot.totals?.valueUsdCents, "USD", lang),
    outcome: version.outcome?.status || "",
    outcomeLabel: t(version.outcome?.status ? `declarations.status.${version.outcome.status}` : "declarations.web.history.pending"),
    channelLabel: t(`declarations.web.history.channel.${version.channel}`),
    outcomeBadge: badgeOf(version.outcome?.status || "submitted"),
    note: version.outcome?.note || "",
    reason: version.outcome?.reason || "",
    decidedAt: formatDate(version.outcome?.decidedAt ?? null, lang),
  }));
}
