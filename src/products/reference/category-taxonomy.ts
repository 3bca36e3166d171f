/**
 * The product category taxonomy the exchange ships with: two levels, Vietnamese and English names.
 * Reference data, loaded at every start in every environment by a versioned migration
 * (category-reference.ts); administrators edit it afterwards at /quan-tri/danh-muc. Slugs are
 * natural keys: never change one once shipped.
 */
export type Localized = { vi: string; en: string };

export type TaxonomyNode = { slug: string; name: Localized; children: { slug: string; name: Localized }[] };

export const TAXONOMY: readonly TaxonomyNode[] = [
  {
    slug: "nong-san",
    name: { vi: "Nông sản", en: "Agricultural products" },
    children: [
      { slug: "ca-phe", name: { vi: "Cà phê nhân", en: "Green coffee" } },
      { slug: "ho-tieu", name: { vi: "Hồ tiêu", en: "Pepper" } },
      { slug: "hat-dieu", name: { vi: "Hạt điều", en: "Cashew nuts" } },
      { slug: "cao-su", name: { vi: "Cao su", en: "Natural rubber" } },
      { slug: "trai-cay", name: { vi: "Trái cây", en: "Fruit" } },
      { slug: "rau-cu", name: { vi: "Rau củ", en: "Vegetables" } },
      { slug: "lua-gao", name: { vi: "Lúa gạo", en: "Rice" } },
      { slug: "mat-ong", name: { vi: "Mật ong và sản phẩm từ ong", en: "Honey and bee products" } },
      { slug: "che", name: { vi: "Chè", en: "Tea" } },
      { slug: "gia-vi", name: { vi: "Gia vị", en: "Spices and seasonings" } },
    ],
  },
  {
    slug: "thuc-pham-che-bien",
    name: { vi: "Thực phẩm chế biến", en: "Processed foods" },
    children: [
      { slug: "hai-san-che-bien", name: { vi: "Hải sản chế biến", en: "Processed seafood" } },
      { slug: "nuoc-mam", name: { vi: "Nước mắm và nước chấm", en: "Fish sauce and condiments" } },
      { slug: "thit-che-bien", name: { vi: "Thịt chế biến", en: "Processed meat" } },
      { slug: "trai-cay-say", name: { vi: "Trái cây sấy", en: "Dried fruit" } },
      { slug: "banh-keo-dac-san", name: { vi: "Bánh kẹo và đặc sản", en: "Snacks and local specialities" } },
    ],
  },
  {
    slug: "do-uong",
    name: { vi: "Đồ uống", en: "Beverages" },
    children: [
      { slug: "ca-phe-rang-xay", name: { vi: "Cà phê rang xay", en: "Roasted and ground coffee" } },
      { slug: "nuoc-ep-trai-cay", name: { vi: "Nước ép trái cây", en: "Fruit juices" } },
      { slug: "tra-thao-moc", name: { vi: "Trà thảo mộc", en: "Herbal teas" } },
      { slug: "ruou-dac-san", name: { vi: "Rượu đặc sản", en: "Traditional spirits" } },
    ],
  },
  {
    slug: "thu-cong-my-nghe",
    name: { vi: "Thủ công mỹ nghệ và dệt may", en: "Handicrafts and textiles" },
    children: [
      { slug: "det-tho-cam", name: { vi: "Dệt thổ cẩm", en: "Brocade weaving" } },
      { slug: "dan-lat-may-tre", name: { vi: "Đan lát mây tre", en: "Rattan and bamboo weaving" } },
      { slug: "dieu-khac-go", name: { vi: "Điêu khắc gỗ", en: "Wood carving" } },
      { slug: "may-mac", name: { vi: "May mặc", en: "Garments" } },
    ],
  },
  {
    slug: "go-noi-that",
    name: { vi: "Gỗ và nội thất", en: "Wood and furniture" },
    children: [
      { slug: "noi-that-go", name: { vi: "Nội thất gỗ", en: "Wooden furniture" } },
      { slug: "noi-that-ngoai-troi", name: { vi: "Nội thất ngoài trời", en: "Outdoor furniture" } },
      { slug: "go-xe-van", name: { vi: "Gỗ xẻ và ván ghép", en: "Sawn timber and panels" } },
    ],
  },
  {
    slug: "vat-lieu-xay-dung",
    name: { vi: "Vật liệu xây dựng", en: "Construction materials" },
    children: [
      { slug: "gach-ngoi", name: { vi: "Gạch ngói", en: "Bricks and tiles" } },
      { slug: "da-xay-dung", name: { vi: "Đá và cát xây dựng", en: "Stone and sand" } },
      { slug: "xi-mang-be-tong", name: { vi: "Xi măng và bê tông", en: "Cement and concrete" } },
    ],
  },
  {
    slug: "hang-cong-nghiep",
    name: { vi: "Hàng công nghiệp", en: "Industrial goods" },
    children: [
      { slug: "bao-bi", name: { vi: "Bao bì", en: "Packaging" } },
      { slug: "phan-bon", name: { vi: "Phân bón", en: "Fertilisers" } },
      { slug: "may-nong-nghiep", name: { vi: "Máy nông nghiệp", en: "Agricultural machinery" } },
    ],
  },
  {
    slug: "dich-vu",
    name: { vi: "Dịch vụ", en: "Services" },
    children: [
      { slug: "van-tai-kho-bai", name: { vi: "Vận tải và kho bãi", en: "Transport and warehousing" } },
      { slug: "so-che-gia-cong", name: { vi: "Sơ chế và gia công", en: "Processing and contract manufacturing" } },
      { slug: "kiem-dinh-chung-nhan", name: { vi: "Kiểm định và chứng nhận", en: "Testing and certification" } },
    ],
  },
];

export type ReferenceCategory = { slug: string; parent: string | null; name: Localized; position: number };

/** First-level nodes first, then each one's children; positions count from 1 among siblings. */
export const REFERENCE_CATEGORIES: readonly ReferenceCategory[] = [
  ...TAXONOMY.map((top, index) => ({ slug: top.slug, parent: null, name: top.name, position: index + 1 })),
  ...TAXONOMY.flatMap((top) =>
    top.children.map((child, index) => ({ slug: child.slug, parent: top.slug, name: child.name, position: index + 1 })),
  ),
];
