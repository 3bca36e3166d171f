import { signIn, type SessionAgent } from "../support/auth.ts";
import type { TestApp } from "../support/test-app.ts";

export const PASSWORD = "Cà phê Pleiku sáng sớm";

/** A valid registration form; override fields to make it invalid. */
export function registrationForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    nameVi: "Công ty TNHH Cà phê Đắk Đoa",
    nameEn: "Dak Doa Coffee Co., Ltd.",
    taxCode: "5901234567",
    kind: "manufacturer",
    street: "12 Trần Phú",
    commune: "xã Đak Đoa",
    lat: "14.0156",
    lng: "108.1203",
    phone: "0269 3824 567",
    email: "lienhe@caphedakdoa.vn",
    website: "https://caphedakdoa.vn",
    descriptionVi: "Rang xay cà phê Robusta.\n\nXuất khẩu sang Nhật Bản.",
    descriptionEn: "",
    sectors: "ca-phe",
    foundedYear: "2012",
    ...overrides,
  };
}

/** A signed-in person with a global role. */
export async function person(t: TestApp, email: string, role: "user" | "moderator" | "admin" = "user"): Promise<{ id: string; client: SessionAgent }> {
  const { user } = await t.services.users.upsertUser({ email, password: PASSWORD, role, name: email.split("@")[0]! });
  return { id: user.id, client: await signIn(t.app, email, PASSWORD) };
}

let sequence = 0;

/** An enterprise stored directly (for pages that read it), with a unique slug and MST. */
export async function storedEnterprise(t: TestApp, fields: Record<string, unknown> = {}) {
  sequence += 1;
  const doc = await t.models.enterprises.create({
    slug: `doanh-nghiep-${process.pid}-${sequence}`,
    name: { vi: `Công ty Thử nghiệm ${sequence}`, en: "" },
    taxCode: `4100${String(process.pid % 1000).padStart(3, "0")}${String(sequence).padStart(3, "0")}`,
    kind: "manufacturer",
    status: "verified",
    verifiedAt: new Date("2025-10-06T00:00:00Z"),
    address: { street: "1 Hùng Vương", commune: "phường Pleiku" },
    sectors: [],
    certifications: [],
    ...fields,
  });
  return { id: doc._id.toString(), slug: doc.slug, name: doc.name.vi, taxCode: doc.taxCode };
}

/** A published product of an enterprise. */
export async function publishedProduct(t: TestApp, enterpriseId: string, fields: Record<string, unknown> = {}) {
  sequence += 1;
  return t.models.products.create({
    enterpriseId,
    slug: `san-pham-${process.pid}-${sequence}`,
    sku: `SKU-${sequence}`,
    name: { vi: `Sản phẩm ${sequence}`, en: "" },
    category: "ca-phe",
    unit: "kg",
    priceTiers: [{ minQty: 1, priceVnd: 120_000 }],
    minOrderQty: 1,
    status: "published",
    publishedAt: new Date(),
    ...fields,
  });
}
