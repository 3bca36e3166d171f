/**
 * The search benchmark's generated catalogue (word lists) and its mix of 50 queries (issue 5: one
 * word, two words, without diacritics, with a typo, with filters and facets, with geo).
 */
export const PLACES = ["Pleiku", "Chư Sê", "Đak Đoa", "Kbang", "An Khê", "Quy Nhơn", "Ia Grai", "Chư Păh", "Phù Cát", "Tây Sơn", "Đức Cơ", "Krông Pa", "Ayun Pa", "Hoài Nhơn"];
export const QUALITIES = ["loại 1", "loại 2", "xuất khẩu", "hữu cơ", "sấy lạnh", "nguyên chất", "đặc sản", "cao cấp", "truyền thống", "thượng hạng", "đóng gói", "tươi", "rang mộc", "sàng 18", "túi 500 g", "hộp quà"];
export const SENTENCES = [
  "Sản phẩm được thu hoạch và chế biến tại vùng nguyên liệu của hợp tác xã.",
  "Đóng gói theo yêu cầu của khách hàng, giao hàng toàn quốc.",
  "Đạt tiêu chuẩn xuất khẩu, có chứng nhận an toàn thực phẩm.",
  "Phù hợp cho nhà hàng, quán cà phê và cửa hàng đặc sản.",
  "Quy trình canh tác bền vững, không dùng thuốc diệt cỏ.",
  "Hàng có sẵn trong kho, nhận đặt hàng số lượng lớn.",
  "Giá tốt cho đơn hàng từ một tấn trở lên.",
  "Bảo quản nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp.",
  "Nguyên liệu chọn lọc từ nông hộ trong vùng.",
  "Có hóa đơn đỏ và chứng từ nguồn gốc đầy đủ.",
  "Thời gian giao hàng từ ba đến năm ngày làm việc.",
  "Sản phẩm OCOP của địa phương, được người tiêu dùng tin chọn.",
  "Đóng thùng carton năm lớp chống ẩm.",
  "Hỗ trợ in nhãn riêng cho nhà phân phối.",
  "Mùa vụ chính từ tháng mười đến tháng một năm sau.",
  "Kiểm tra chất lượng từng lô trước khi xuất kho.",
  "Cơ sở sản xuất đạt điều kiện vệ sinh an toàn thực phẩm.",
  "Giá đã bao gồm vận chuyển trong nội tỉnh.",
  "Nhận gia công theo đơn đặt hàng.",
  "Sản phẩm thủ công do đồng bào dân tộc làm ra.",
  "Màu sắc tự nhiên, không chất bảo quản.",
  "Hạn sử dụng mười hai tháng kể từ ngày sản xuất.",
  "Đã cung cấp cho nhiều siêu thị và chuỗi cửa hàng.",
  "Có mẫu thử miễn phí cho khách hàng doanh nghiệp.",
  "Thanh toán chuyển khoản hoặc qua VietQR.",
  "Sản lượng ổn định quanh năm.",
  "Liên hệ để nhận bảng giá sỉ mới nhất.",
  "Đội ngũ kỹ thuật tư vấn bảo quản sau thu hoạch.",
  "Được trồng trên đất đỏ bazan cao nguyên.",
  "Quy cách đóng gói linh hoạt theo yêu cầu.",
];
export const KINDS = ["Công ty TNHH", "Công ty Cổ phần", "Hợp tác xã", "Hộ kinh doanh"];
export const TRADES = ["Nông sản", "Thực phẩm", "Cà phê", "Hồ tiêu", "Mây tre đan", "Gỗ", "Thổ cẩm", "Đặc sản", "Xuất nhập khẩu", "Trái cây"];
export const UNITS = ["kg", "tấn", "hộp", "chai", "gói", "thùng"];
export const CERTS = ["vietgap", "globalgap", "organic", "iso22000", "haccp"];

export const QUERIES: Record<string, string>[] = [
  ...["tiêu", "điều", "gạo", "robusta", "chanh", "mật", "thổ", "gỗ", "bơ", "quà"].map((q) => ({ q })),
  ...["cà phê", "hồ tiêu", "hạt điều", "mật ong", "sầu riêng", "chanh dây", "thổ cẩm", "gỗ keo", "gạo thơm", "cao su"].map((q) => ({ q })),
  ...["ca phe", "ho tieu", "hat dieu", "mat ong", "sau rieng", "chanh day", "tho cam", "xuat khau", "dac san", "huu co"].map((q) => ({ q })),
  ...["robsuta", "sau rieg", "xuat khua", "chanhh day", "pleku", "thuog hang", "nguyen chta", "hopp qua"].map((q) => ({ q })),
  { q: "ca phe", ocop: "4" },
  { q: "", category: "nong-san" },
  { q: "tieu", certification: "vietgap", inStock: "true" },
  { q: "gao", priceMax: "200000", sort: "price_asc" },
  { q: "", commune: "xã Chư Sê", sort: "newest" },
  { q: "mat ong", madeInVietnam: "true", moqMax: "100" },
  { q: "dac san", sort: "price_desc" },
  { q: "", near: "13.9833,108.0", radiusKm: "20" },
  { q: "ca phe", near: "13.9833,108.0", radiusKm: "30", sort: "distance" },
  { q: "", near: "13.7765,109.2237", radiusKm: "15", sort: "distance" },
  { q: "tho cam", near: "14.0,108.1", radiusKm: "50" },
  { q: "hai san", near: "13.7765,109.2237", radiusKm: "40" },
];
