import type { EnterpriseSearchEntry, ProductSearchDocument, ProductSearchQuery, SearchIndex } from "../../src/platform/search/index.ts";

/** The search port contract's catalogue: four enterprises, six products (test/platform/search-port.test.ts). */
export const PLEIKU = { lat: 13.9833, lng: 108.0 };
export const QUY_NHON = { lat: 13.7765, lng: 109.2237 };

export const enterprises: EnterpriseSearchEntry[] = [
  { id: "e1", slug: "htx-ca-phe-ia-grai", name: "HTX Cà phê Ia Grai", visible: true, commune: "xã Ia Grai", location: PLEIKU },
  { id: "e2", slug: "duong-an-khe", name: "Công ty Đường An Khê", visible: true, commune: "phường An Khê", location: { lat: 13.95, lng: 108.65 } },
  { id: "e3", slug: "htx-tieu-chu-se", name: "HTX Tiêu Chư Sê", visible: true, commune: "xã Chư Sê", location: { lat: 13.7, lng: 108.08 } },
  { id: "e4", slug: "hai-san-quy-nhon", name: "Hải sản Quy Nhơn", visible: true, commune: "phường Quy Nhơn", location: QUY_NHON },
];

export function doc(partial: Partial<Omit<ProductSearchDocument, "name">> & { id: string; name: string; enterpriseId: string }): ProductSearchDocument {
  const enterprise = enterprises.find((e) => e.id === partial.enterpriseId)!;
  const { name, ...rest } = partial;
  return {
    slug: partial.id,
    name: { vi: name, en: "" },
    description: { vi: "", en: "" },
    category: "ca-phe",
    categoryParent: "nong-san",
    categoryName: { vi: "Cà phê nhân", en: "Green coffee" },
    enterpriseName: enterprise.name,
    enterpriseSlug: enterprise.slug,
    commune: enterprise.commune,
    location: enterprise.location,
    ocopStars: 0,
    certifications: [],
    madeInVietnam: true,
    price: 100_000,
    priceMin: 90_000,
    priceMax: 100_000,
    unit: "kg",
    minOrderQty: 10,
    inStock: true,
    publishedAt: Date.UTC(2025, 0, 1),
    imageUrl: null,
    ...rest,
  };
}

export const documents: ProductSearchDocument[] = [
  doc({ id: "p1", name: "Cà phê Robusta nhân xanh", enterpriseId: "e1", description: { vi: "Hạt cà phê chín đỏ từ Đắk Đoa.", en: "" }, ocopStars: 4, certifications: ["vietgap"], price: 95_000, publishedAt: Date.UTC(2025, 1, 1) }),
  doc({ id: "p2", name: "Đường mía thô", enterpriseId: "e2", category: "banh-keo-dac-san", categoryParent: "thuc-pham-che-bien", categoryName: { vi: "Bánh kẹo và đặc sản", en: "Snacks" }, description: { vi: "Đường vàng từ mía An Khê.", en: "" }, price: 30_000, minOrderQty: 100, inStock: false, publishedAt: Date.UTC(2025, 2, 1) }),
  doc({ id: "p3", name: "Hồ tiêu đen Chư Sê", enterpriseId: "e3", category: "ho-tieu", categoryName: { vi: "Hồ tiêu", en: "Pepper" }, description: { vi: "Tiêu đen phơi nắng, hạt chắc.", en: "" }, ocopStars: 5, certifications: ["organic", "vietgap"], price: 150_000, publishedAt: Date.UTC(2025, 3, 1) }),
  doc({ id: "p4", name: "Cà phê rang xay Pleiku", enterpriseId: "e1", category: "ca-phe-rang-xay", categoryParent: "do-uong", categoryName: { vi: "Cà phê rang xay", en: "Roasted coffee" }, ocopStars: 3, price: 220_000, madeInVietnam: true, publishedAt: Date.UTC(2025, 4, 1) }),
  doc({ id: "p5", name: "Cá phèn một nắng", enterpriseId: "e4", category: "hai-san-che-bien", categoryParent: "thuc-pham-che-bien", categoryName: { vi: "Hải sản chế biến", en: "Processed seafood" }, price: 180_000, minOrderQty: 5, madeInVietnam: false, publishedAt: Date.UTC(2025, 5, 1) }),
  doc({ id: "p6", name: "Hạt điều rang muối", enterpriseId: "e4", category: "hat-dieu", categoryName: { vi: "Hạt điều", en: "Cashew nuts" }, price: 250_000, publishedAt: Date.UTC(2025, 6, 1) }),
];

export const search = (index: SearchIndex, q: string, rest: Partial<ProductSearchQuery> = {}) =>
  index.searchProducts({ q, page: 1, perPage: 20, ...rest });
export const ids = async (index: SearchIndex, q: string, rest: Partial<ProductSearchQuery> = {}) =>
  (await search(index, q, rest)).hits.map((hit) => hit.document.id);
export const sorted = (list: string[]) => [...list].sort();

