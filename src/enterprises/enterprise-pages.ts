import type { Request } from "express";
import { BANNER_SIZE } from "../platform/images/image-store.ts";
import { PROVINCE_COMMUNES } from "./communes.ts";
import type { EnterpriseEntry } from "./enterprise-directory.service.ts";
import { CERTIFICATION_KINDS, ENTERPRISE_KINDS } from "./enterprise.model.ts";
import { CERTIFICATION_ROWS } from "./enterprise.schemas.ts";
import { langOf } from "../platform/i18n/i18n.ts";

// What the enterprise pages show: one enterprise as the views read it, and the registration form's options.

export type Lang = "vi" | "en";
type Category = { slug: string; parent: string | null; name: { vi: string; en: string }; offered?: boolean };

export const pick = (text: { vi: string; en?: string | null }, lang: Lang) => (lang === "en" && text.en ? text.en : text.vi);

/** A calendar day in Gia Lai: "06/10/2025" (vi) or "Oct 6, 2025" (en). */
export function formatDay(date: Date | null | undefined, lang: Lang): string {
  if (!date) return "";
  const options: Intl.DateTimeFormatOptions = lang === "en"
    ? { dateStyle: "medium", timeZone: "Asia/Ho_Chi_Minh" }
    : { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "Asia/Ho_Chi_Minh" };
  return new Intl.DateTimeFormat(lang === "en" ? "en-US" : "vi-VN", options).format(date);
}

/** Plain text typed by a person → paragraphs (blank lines separate them); Handlebars escapes each. */
export const paragraphs = (text: string | undefined | null) =>
  (text ?? "").split(/\r?\n\s*\r?\n/).map((part) => part.trim()).filter(Boolean);

export const osmUrl = ({ lat, lng }: { lat: number; lng: number }) =>
  `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=16/${lat}/${lng}`;

/** One enterprise as its storefront, the directory and the console show it. */
export function enterpriseView(entry: EnterpriseEntry, req: Request, categories: Category[] = []) {
  const lang = langOf(req);
  const names = new Map(categories.map((category) => [category.slug, pick(category.name, lang)]));
  const now = Date.now();
  return {
    id: entry.id,
    slug: entry.slug,
    name: pick(entry.name, lang),
    otherName: lang === "vi" ? entry.name.en : "",
    taxCode: entry.taxCode,
    kind: entry.kind,
    kindLabel: req.t(`enterprise.kind.${entry.kind}`),
    status: entry.status,
    statusLabel: req.t(`enterprises.status.${entry.status}`),
    statusReason: entry.statusReason ?? "",
    verified: entry.status === "verified",
    verifiedDate: formatDay(entry.verifiedAt, lang),
    street: entry.address.street,
    commune: entry.address.commune,
    phone: entry.phone,
    email: entry.email,
    website: entry.website,
    mapUrl: entry.location ? osmUrl(entry.location) : "",
    location: entry.location,
    paragraphs: paragraphs(pick(entry.description, lang)),
    sectors: entry.sectors.map((slug) => ({ slug, name: names.get(slug) ?? slug })),
    foundedYear: entry.foundedYear,
    ocopStars: entry.ocopStars,
    certifications: entry.certifications.map((c) => ({
      label: req.t(`enterprises.certificationKinds.${c.kind}`),
      number: c.number,
      issuer: c.issuer,
      expires: formatDay(c.expiresAt, lang),
      expired: c.expiresAt.getTime() < now,
    })),
    createdDate: formatDay(entry.createdAt, lang),
    logoUrl: entry.logoImageId ? `/anh/${entry.logoImageId}/400.webp` : "",
    bannerUrl: entry.bannerImageId ? `/anh/${entry.bannerImageId}/${BANNER_SIZE}.webp` : "",
  };
}

/** The form's fields from a stored enterprise (the edit page starts from them). */
export function profileValuesOf(entry: EnterpriseEntry): Record<string, unknown> {
  const values: Record<string, unknown> = {
    nameVi: entry.name.vi,
    nameEn: entry.name.en ?? "",
    taxCode: entry.taxCode,
    kind: entry.kind,
    street: entry.address.street,
    commune: entry.address.commune,
    lat: entry.location?.lat ?? "",
    lng: entry.location?.lng ?? "",
    phone: entry.phone ?? "",
    email: entry.email ?? "",
    website: entry.website ?? "",
    descriptionVi: entry.description.vi,
    descriptionEn: entry.description.en,
    sectors: entry.sectors,
    foundedYear: entry.foundedYear ?? "",
  };
  entry.certifications.forEach((c, index) => {
    values[`certifications.${index}.kind`] = c.kind;
    values[`certifications.${index}.number`] = c.number;
    values[`certifications.${index}.issuer`] = c.issuer;
    values[`certifications.${index}.expiresAt`] = c.expiresAt.toISOString().slice(0, 10);
  });
  return values;
}

/** The select lists, checkboxes and certificate rows of the registration / edit form, with `values` chosen. */
export function formOptions(req: Request, values: Record<string, unknown>, categories: Category[]) {
  const lang = langOf(req);
  const chosenSectors = new Set(([] as unknown[]).concat(values.sectors ?? []).map(String));
  // Retired categories are no longer offered, but stay checked on an enterprise that has them.
  const shown = categories.filter((category) => category.offered !== false || chosenSectors.has(category.slug));
  const parents = shown.filter((category) => category.parent === null);
  return {
    kinds: ENTERPRISE_KINDS.map((kind) => ({ value: kind, label: req.t(`enterprise.kind.${kind}`), selected: values.kind === kind })),
    communes: PROVINCE_COMMUNES.map((name) => ({ value: name, selected: values.commune === name })),
    sectorGroups: parents.map((parent) => ({
      name: pick(parent.name, lang),
      options: [parent, ...shown.filter((category) => category.parent === parent.slug)].map((category) => ({
        value: category.slug,
        label: pick(category.name, lang),
        checked: chosenSectors.has(category.slug),
      })),
    })),
    certificationRows: Array.from({ length: CERTIFICATION_ROWS }, (_, index) => {
      const key = (field: string) => `certifications.${index}.${field}`;
      return {
        index,
        number: index + 1,
        keys: { kind: key("kind"), number: key("number"), issuer: key("issuer"), expiresAt: key("expiresAt") },
        ids: { number: `cert-${index}-number`, issuer: `cert-${index}-issuer`, expiresAt: `cert-${index}-expires` },
        values: { number: values[key("number")] ?? "", issuer: values[key("issuer")] ?? "", expiresAt: values[key("expiresAt")] ?? "" },
        kinds: CERTIFICATION_KINDS.map((kind) => ({
          value: kind,
          label: req.t(`enterprises.certificationKinds.${kind}`),
          selected: values[key("kind")] === kind,
        })),
      };
    }),
  };
}

/** First-level categories in order, each followed by its subcategories. */
export const categoryTree = (categories: Category[]) =>
  categories.filter((c) => c.parent === null).flatMap((parent) => [parent, ...categories.filter((c) => c.parent === parent.slug)]);

/** Query string of the directory's filters with `page` replaced (pagination keeps the filters). */
export function queryWith(query: Record<string, unknown>, changes: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, ...changes })) {
    if (value === undefined || value === null || value === "" || (key === "page" && value === 1)) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Links for pages 1..pages around the current one (at most 9). */
export function pageLinks(base: string, query: Record<string, unknown>, page: number, pages: number) {
  if (pages <= 1) return null;
  const first = Math.max(1, Math.min(page - 4, pages - 8));
  const numbers = Array.from({ length: Math.min(9, pages) }, (_, i) => first + i);
  return {
    prev: page > 1 ? `${base}${queryWith(query, { page: page - 1 })}` : null,
    next: page < pages ? `${base}${queryWith(query, { page: page + 1 })}` : null,
    pages: numbers.map((n) => ({ number: n, href: `${base}${queryWith(query, { page: n })}`, current: n === page })),
  };
}
