/**
 * Communes and wards of Gia Lai province (after the 2025 merger with Bình Định) that an enterprise's
 * address may name: every one the demo data uses plus the well-known centres. Written as people write
 * them in an address ("phường Pleiku", "xã Chư Sê"), sorted as Vietnamese readers expect.
 */
const WARDS = [
  "An Bình", "An Khê", "An Nhơn", "An Nhơn Bắc", "An Nhơn Đông", "An Nhơn Nam", "An Phú", "Ayun Pa", "Bình Định",
  "Bồng Sơn", "Diên Hồng", "Hoài Nhơn", "Hoài Nhơn Bắc", "Hoài Nhơn Đông", "Hoài Nhơn Nam", "Hoài Nhơn Tây",
  "Hội Phú", "Pleiku", "Quy Nhơn", "Quy Nhơn Bắc", "Quy Nhơn Đông", "Quy Nhơn Nam", "Quy Nhơn Tây", "Tam Quan",
  "Thống Nhất",
];

const COMMUNES = [
  "An Lão", "Biển Hồ", "Cát Tiến", "Chư A Thai", "Chư Păh", "Chư Prông", "Chư Pưh", "Chư Sê", "Đak Đoa", "Đak Pơ",
  "Đức Cơ", "Gào", "Hoài Ân", "Ia Grai", "Ia Hrung", "Ia Ly", "Ia Pa", "Kbang", "Kon Gang", "Kông Chro", "Krông Pa",
  "Mang Yang", "Nhơn Châu", "Phù Cát", "Phù Mỹ", "Phú Thiện", "Tây Sơn", "Tuy Phước", "Vân Canh", "Vĩnh Thạnh",
];

const collator = new Intl.Collator("vi");

export const PROVINCE_COMMUNES: readonly string[] = [
  ...WARDS.map((name) => `phường ${name}`),
  ...COMMUNES.map((name) => `xã ${name}`),
].sort((a, b) => collator.compare(a.replace(/^(phường|xã) /, ""), b.replace(/^(phường|xã) /, "")) || collator.compare(a, b));

const KNOWN = new Set(PROVINCE_COMMUNES);
export const isProvinceCommune = (value: string) => KNOWN.has(value);

/** The province's bounding box, for coordinates typed or picked on a map. */
export const PROVINCE_BOUNDS = { minLat: 12.5, maxLat: 14.7, minLng: 107.4, maxLng: 109.4 } as const;
