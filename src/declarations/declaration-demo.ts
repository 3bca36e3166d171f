/**
 * Demo import-export declarations: a year of accepted monthly export declarations from the demo
 * exporters and quarterly import declarations from two importers, so the department's statistics
 * have something to show on a fresh start. Deterministic (fixed periods, a seeded generator) and
 * written only into an empty declarations collection. Each one is checked by the same rules as a
 * real submission before it is written.
 */
import { Types } from "mongoose";
import { checkDeclaration, totalsOf } from "./declaration.header.ts";
import type { DeclarationModel, DeclarationVersionModel, ReceiptModel } from "./declaration.model.ts";
import { periodRange, parsePeriod } from "./declaration.period.ts";

/** A demo enterprise as the declarations need it (the enterprises area answers by slug). */
export type DemoDeclarant = { id: string; name: string; taxCode: string; address: string; phone: string; email: string };

export type DeclarationSeedDeps = {
  declarations: DeclarationModel;
  versions: DeclarationVersionModel;
  receipts: ReceiptModel;
  declarantBySlug: (slug: string) => Promise<DemoDeclarant | null>;
};

type Goods = { hsCode: string; description: string; unit: string; usdPerUnit: number; quantity: [number, number] };
type Trade = { slug: string; direction: "export" | "import"; every: "month" | "quarter"; goods: Goods[]; partners: string[]; gate: string };

const TRADES: Trade[] = [
  { slug: "ca-phe-cao-nguyen-pleiku", direction: "export", every: "month", partners: ["JP", "DE", "US", "KR"], gate: "Chi cục Hải quan Gia Lai",
    goods: [{ hsCode: "09011110", description: "Cà phê Robusta nhân, chưa rang", unit: "tấn", usdPerUnit: 4_300, quantity: [38, 96] },
      { hsCode: "09012120", description: "Cà phê rang xay", unit: "tấn", usdPerUnit: 9_800, quantity: [2, 8] }] },
  { slug: "xnk-nong-san-pho-nui", direction: "export", every: "month", partners: ["CN", "IN", "AE", "US"], gate: "Chi cục Hải quan cửa khẩu cảng Quy Nhơn",
    goods: [{ hsCode: "09041120", description: "Hạt tiêu đen, chưa xay", unit: "tấn", usdPerUnit: 6_200, quantity: [20, 60] },
      { hsCode: "09011110", description: "Cà phê Robusta nhân xô", unit: "tấn", usdPerUnit: 4_250, quantity: [40, 120] }] },
  { slug: "che-bien-hat-dieu-phu-cat", direction: "export", every: "month", partners: ["US", "NL", "CN", "AU"], gate: "Chi cục Hải quan cửa khẩu cảng Quy Nhơn",
    goods: [{ hsCode: "08013200", description: "Nhân hạt điều W320 đã bóc vỏ", unit: "tấn", usdPerUnit: 6_900, quantity: [15, 45] }] },
  { slug: "cao-su-ia-krel-duc-co", direction: "export", every: "month", partners: ["CN", "IN", "MY"], gate: "Chi cục Hải quan cửa khẩu quốc tế Lệ Thanh",
    goods: [{ hsCode: "40012210", description: "Cao su tự nhiên SVR 10", unit: "tấn", usdPerUnit: 1_750, quantity: [80, 220] }] },
  { slug: "noi-that-go-quy-nhon-tay-son", direction: "export", every: "month", partners: ["US", "FR", "GB", "JP"], gate: "Chi cục Hải quan cửa khẩu cảng Quy Nhơn",
    goods: [{ hsCode: "94036090", description: "Bàn ghế ngoài trời bằng gỗ keo", unit: "bộ", usdPerUnit: 185, quantity: [400, 1_600] },
      { hsCode: "94016100", description: "Ghế khung gỗ có đệm", unit: "cái", usdPerUnit: 62, quantity: [800, 2_400] }] },
  { slug: "nong-nghiep-xanh-chu-prong", direction: "export", every: "month", partners: ["CN", "KR", "TH"], gate: "Chi cục Hải quan cửa khẩu quốc tế Lệ Thanh",
    goods: [{ hsCode: "08106000", description: "Sầu riêng tươi nguyên quả", unit: "tấn", usdPerUnit: 3_600, quantity: [10, 70] }] },
  { slug: "xnk-nong-san-pho-nui", direction: "import", every: "quarter", partners: ["CN", "ID"], gate: "Chi cục Hải quan cửa khẩu cảng Quy Nhơn",
    goods: [{ hsCode: "31052000", description: "Phân bón NPK dạng hạt", unit: "tấn", usdPerUnit: 420, quantity: [200, 600] }] },
  { slug: "noi-that-go-quy-nhon-tay-son", direction: "import", every: "quarter", partners: ["NZ", "CL", "JP"], gate: "Chi cục Hải quan cửa khẩu cảng Quy Nhơn",
    goods: [{ hsCode: "44071100", description: "Gỗ thông xẻ sấy", unit: "m³", usdPerUnit: 260, quantity: [300, 900] },
      { hsCode: "84659200", description: "Máy bào gỗ", unit: "cái", usdPerUnit: 14_500, quantity: [1, 3] }] },
];

const MONTHS = ["2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"];
const QUARTERS = ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"];
const INCOTERM = { export: "FOB", import: "CIF" } as const;

/** A small deterministic generator (mulberry32) so every fresh start shows the same figures. */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export async function seedDemoDeclarations(models: DeclarationSeedDeps): Promise<number> {
  if (await models.declarations.findOne({}, { _id: 1 }).lean()) return 0;
  const random = generator(20_251_101);
  const between = ([low, high]: [number, number]) => Math.round(low + random() * (high - low));
  const receiptsPerYear = new Map<number, number>();
  let customsSerial = 305_100_000_000;
  const declarations: Record<string, unknown>[] = [];
  const versions: Record<string, unknown>[] = [];
  const receipts: Record<string, unknown>[] = [];

  for (const trade of TRADES) {
    const enterprise = await models.declarantBySlug(trade.slug);
    if (!enterprise) continue;
    for (const key of trade.every === "month" ? MONTHS : QUARTERS) {
      const period = parsePeriod(key)!;
      const { first } = periodRange(period);
      const lines = trade.goods.flatMap((goods) =>
        [0, 1].slice(0, 1 + Math.floor(random() * 2)).map(() => {
          const quantity = between(goods.quantity);
          const usd = quantity * goods.usdPerUnit;
          customsSerial += 1 + Math.floor(random() * 40);
          return {
            hsCode: goods.hsCode, description: goods.description, unit: goods.unit, quantity: String(quantity),
            partnerCountry: trade.partners[Math.floor(random() * trade.partners.length)]!,
            valueAmount: `${usd}.00`, currency: "USD", valueUsd: `${usd}.00`, incoterm: INCOTERM[trade.direction],
            customsNumber: String(customsSerial), customsDate: `${first.slice(0, 8)}${String(3 + Math.floor(random() * 24)).padStart(2, "0")}`,
            borderGate: trade.gate,
          };
        }),
      );
      const checked = checkDeclaration(
        { period: key, direction: trade.direction, contact: { name: "Phòng Xuất nhập khẩu", phone: enterprise.phone || "0269 3824 567", email: enterprise.email || "xnk@example.vn" }, lines },
        { today: "2026-11-01" },
      );
      if (Object.keys(checked.errors).length > 0) throw new Error(`demo declaration ${trade.slug} ${key} is invalid: ${JSON.stringify(checked.errors)}`);

      const id = new Types.ObjectId();
      const submittedAt = new Date(`${periodRange(period).last}T02:00:00Z`);
      submittedAt.setUTCDate(submittedAt.getUTCDate() + 5);
      const year = submittedAt.getUTCFullYear();
      receiptsPerYear.set(year, (receiptsPerYear.get(year) ?? 0) + 1);
      const number = `XNK-${year}-${String(receiptsPerYear.get(year)).padStart(6, "0")}`;
      const decidedAt = new Date(submittedAt.getTime() + 3 * 24 * 60 * 60 * 1000);
      const slot = `${enterprise.id}:${key}:${trade.direction}`;
      const content = {
        enterprise: { name: enterprise.name, taxCode: enterprise.taxCode, address: enterprise.address },
        period: checked.period!, direction: trade.direction, contact: checked.contact, lines: checked.lines, totals: totalsOf(checked.lines),
      };
      declarations.push({
        _id: id, enterpriseId: new Types.ObjectId(enterprise.id), ...content, problemCount: 0, status: "accepted", receiptNumber: number, version: 1, revision: 3,
        submittedAt, reviewDueAt: new Date(submittedAt.getTime() + 7 * 24 * 60 * 60 * 1000), decidedAt,
        review: { note: "", lineNotes: [], reason: "" }, correctionOf: null, supersededBy: null, duplicateCustomsNumbers: [], attachments: [],
        openSlot: id.toString(), acceptedSlot: slot, createdBy: null, updatedBy: null, createdAt: submittedAt, updatedAt: decidedAt,
      });
      versions.push({ declarationId: id, version: 1, submittedAt, submittedBy: null, channel: "web", snapshot: { ...content, attachments: [] },
        outcome: { status: "accepted", note: "", lineNotes: [], reason: "", decidedAt } });
      receipts.push({ number, declarationId: id, year, issuedAt: submittedAt });
    }
  }
  // Receipts and versions first: a declaration is never visible without them.
  await models.receipts.insertMany(receipts, { ordered: false });
  await models.versions.insertMany(versions, { ordered: false });
  await models.declarations.insertMany(declarations, { ordered: false });
  return declarations.length;
}
