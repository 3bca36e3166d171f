import ExcelJS from "exceljs";
import type { EnterpriseEntry } from "./enterprise-directory.service.ts";

import type { PageTranslate as Translate } from "../platform/i18n/i18n.ts";

/**
 * A cell a spreadsheet would read as a formula (= + - @, or a leading tab / carriage return) is
 * prefixed with a quote, so an enterprise's name can never run in a moderator's Excel.
 */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const isoDay = (date: Date | null | undefined) => (date ? date.toISOString().slice(0, 10) : "");

/** The export's columns: header key and value, in order. */
function columns(t: Translate, baseUrl: string): [string, (entry: EnterpriseEntry) => string | number][] {
  return [
    ["enterprises.fields.nameVi", (e) => e.name.vi],
    ["enterprises.fields.nameEn", (e) => e.name.en ?? ""],
    ["enterprises.fields.taxCode", (e) => e.taxCode],
    ["enterprises.fields.kind", (e) => t(`enterprise.kind.${e.kind}`)],
    ["enterprises.fields.status", (e) => t(`enterprises.status.${e.status}`)],
    ["enterprises.fields.street", (e) => e.address.street],
    ["enterprises.fields.commune", (e) => e.address.commune],
    ["enterprises.fields.phone", (e) => e.phone ?? ""],
    ["enterprises.fields.email", (e) => e.email ?? ""],
    ["enterprises.fields.website", (e) => e.website ?? ""],
    ["enterprises.fields.sectors", (e) => e.sectors.join(", ")],
    ["enterprises.fields.foundedYear", (e) => e.foundedYear ?? ""],
    ["enterprises.fields.certifications", (e) => e.certifications.map((c) => `${t(`enterprises.certificationKinds.${c.kind}`)} ${c.number} (${isoDay(c.expiresAt)})`).join("; ")],
    ["enterprises.fields.ocopStars", (e) => e.ocopStars ?? ""],
    ["enterprises.fields.verifiedAt", (e) => isoDay(e.verifiedAt)],
    ["enterprises.fields.storefront", (e) => `${baseUrl}/doanh-nghiep/${e.slug}`],
  ];
}

function rows(entries: EnterpriseEntry[], t: Translate, baseUrl: string): { header: string[]; body: (string | number)[][] } {
  const cols = columns(t, baseUrl);
  return {
    header: cols.map(([key]) => t(key)),
    body: entries.map((entry) => cols.map(([, value]) => {
      const cell = value(entry);
      return typeof cell === "number" ? cell : safeCell(cell);
    })),
  };
}

const csvField = (value: string | number) => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** CSV with a UTF-8 byte order mark, so Excel opens the Vietnamese text correctly. */
export function enterprisesCsv(entries: EnterpriseEntry[], t: Translate, baseUrl: string): string {
  const { header, body } = rows(entries, t, baseUrl);
  return `\uFEFF${[header, ...body].map((line) => line.map(csvField).join(",")).join("\r\n")}\r\n`;
}

export async function enterprisesXlsx(entries: EnterpriseEntry[], t: Translate, baseUrl: string): Promise<Buffer> {
  const { header, body } = rows(entries, t, baseUrl);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Sàn giao dịch thương mại Gia Lai";
  const sheet = workbook.addWorksheet(t("enterprises.export.sheet"));
  sheet.addRow(header).font = { bold: true };
  for (const line of body) sheet.addRow(line);
  sheet.columns.forEach((column) => {
    column.width = 22;
  });
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
