import { person, storedEnterprise } from "../enterprises/enterprise-fixtures.ts";
import type { TestApp } from "./test-app.ts";

/** The month before today's (in Vietnam): a period that has begun and whose days are all past. */
export function lastMonth(now = new Date()): { key: string; day: (day: number) => string } {
  const vietnam = new Date(now.getTime() + 7 * 60 * 60 * 1000);
  const first = new Date(Date.UTC(vietnam.getUTCFullYear(), vietnam.getUTCMonth() - 1, 1));
  const key = first.toISOString().slice(0, 7);
  return { key, day: (day: number) => `${key}-${String(day).padStart(2, "0")}` };
}

/** One valid line of coffee exported to Japan in the given period; override fields to make it invalid. */
export function validLine(period = lastMonth(), overrides: Record<string, string | number> = {}): Record<string, string | number> {
  return {
    hsCode: "0901.11.10",
    description: "Cà phê Robusta nhân xô, chưa rang",
    partnerCountry: "JP",
    quantity: "19.200",
    unit: "kg",
    valueAmount: "46080.00",
    currency: "USD",
    valueUsd: "46080.00",
    incoterm: "FOB",
    customsNumber: "305123456789",
    customsDate: period.day(12),
    borderGate: "Chi cục Hải quan cửa khẩu cảng Quy Nhơn",
    ...overrides,
  };
}

/** A complete, valid declaration as the API takes it. */
export function validDeclaration(overrides: Record<string, unknown> = {}, period = lastMonth()) {
  return {
    period: period.key,
    direction: "export",
    contact: { name: "Nguyễn Thị Hồng Nhung", phone: "0269 3824 567", email: "xnk@caphedakdoa.vn" },
    lines: [validLine(period), validLine(period, { hsCode: "0904.11.20", description: "Hạt tiêu đen", partnerCountry: "DE", customsNumber: "305123456790", currency: "EUR", valueAmount: "12.500,00", valueUsd: "13625.00" })],
    ...overrides,
  };
}

let sequence = 0;

/** A verified enterprise with a signed-in owner, and a signed-in moderator of the department. */
export async function declarationParties(t: TestApp) {
  sequence += 1;
  const enterprise = await storedEnterprise(t, { name: { vi: `Công ty TNHH Cà phê Đak Đoa ${sequence}`, en: "" } });
  const owner = await person(t, `chu-${sequence}-${process.pid}@caphedakdoa.vn`);
  await t.services.memberships.addOwner(enterprise.id, owner.id);
  const moderator = await person(t, `kiem-duyet-${sequence}-${process.pid}@congthuong.gialai.gov.vn`, "moderator");
  return { enterprise, owner, moderator };
}
