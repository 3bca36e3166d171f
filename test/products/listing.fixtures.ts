import { seedDemoCatalogue } from "../../src/seed/seed.ts";
import type { TestApp } from "../support/test-app.ts";

// Fixtures shared by the product listing tests: enterprises, members, valid listing forms.

export const PASSWORD = "Cà phê Pleiku sáng sớm";
let sequence = 0;

/** Seeds the categories (and the demo catalogue) once per test app. */
export async function seedCatalogue(testApp: TestApp): Promise<void> {
  await seedDemoCatalogue(testApp.areas);
}

/** An enterprise (verified unless told) with a unique slug and tax code. */
export async function makeEnterprise(testApp: TestApp, label: string, status: "verified" | "pending" = "verified") {
  sequence += 1;
  const slug = `${label}-${sequence}-${process.pid}`;
  const doc = await testApp.models.enterprises.create({
    slug,
    name: { vi: `Công ty TNHH ${label} ${sequence}`, en: `${label} ${sequence} Co., Ltd.` },
    taxCode: `58${String(process.pid % 1000).padStart(3, "0")}${String(sequence).padStart(5, "0")}`,
    kind: "manufacturer",
    status,
    verifiedAt: status === "verified" ? new Date() : null,
    address: { street: "12 Trần Phú", commune: "Phường Pleiku" },
  });
  return { id: doc._id.toString(), slug };
}

/** A user with a membership in the enterprise. */
export async function makeMember(testApp: TestApp, enterpriseId: string, role: "owner" | "staff", label = role) {
  sequence += 1;
  const email = `${label}.${sequence}.${process.pid}@example.vn`;
  const { user } = await testApp.services.users.upsertUser({ email, password: PASSWORD, role: "user", name: `Người ${label} ${sequence}` });
  const userId = user.id;
  await testApp.models.memberships.create({ enterpriseId, userId, role });
  return { email, userId };
}

export async function makeModerator(testApp: TestApp) {
  sequence += 1;
  const email = `moderator.${sequence}.${process.pid}@sct.gialai.gov.vn`;
  await testApp.services.users.upsertUser({ email, password: PASSWORD, role: "moderator", name: "Cán bộ Sở" });
  return { email };
}

/** A valid listing form (flat field names as the page posts them). */
export function listingForm(overrides: Record<string, string> = {}): Record<string, any> {
  return {
    sku: "HT-DEN-01",
    name_vi: "Hồ tiêu đen Chư Sê",
    name_en: "Chu Se black pepper",
    description_vi: "Hạt tiêu đen phơi nắng.\n\nĐóng bao 50 kg.",
    description_en: "",
    category: "ho-tieu",
    unit: "kg",
    tier0_min: "10",
    tier0_price: "150000",
    tier1_min: "100",
    tier1_price: "140000",
    tier2_min: "",
    tier2_price: "",
    minOrderQty: "10",
    stock: "2000",
    leadTimeDays: "",
    madeInVietnam: "yes",
    originProvince: "Gia Lai",
    hsCode: "09041120",
    ocop_stars: "4",
    ocop_certificateNo: "GL-OCOP-2025-0042",
    ocop_expiresAt: "2028-06-30",
    // One value each: supertest would send an array as "certifications[0]=…".
    certifications: "vietgap",
    seasonMonths: "3",
    packagingNotes: "Bao PP 50 kg",
    ...overrides,
  };
}

/** The same listing as the JSON API takes it. */
export function listingJson(overrides: Record<string, unknown> = {}) {
  return {
    sku: "API-CF-01",
    name: { vi: "Cà phê nhân Robusta sàng 18", en: "Robusta green coffee, screen 18" },
    description: { vi: "Cà phê nhân xuất khẩu.", en: "" },
    category: "ca-phe",
    unit: "tấn",
    priceTiers: [
      { minQty: 1, priceVnd: 120_000_000 },
      { minQty: 10, priceVnd: 118_000_000 },
    ],
    minOrderQty: 1,
    stock: 40,
    ...overrides,
  };
}
