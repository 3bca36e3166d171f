// The products area's public surface: its factory, services' types and routers. Its models stay inside.
export { createProductsArea, type ProductsArea, type DemoListing } from "./products.area.ts";
export { PRODUCT_STATUSES, PRODUCT_CERTIFICATIONS, UNITS, type PriceTier } from "./product.model.ts";
export { type ProductService, type ProductCard, type PublicProduct } from "./product.service.ts";
export { type CategoryService, type CategoryEntry } from "./category.service.ts";
export { type ProductListingService } from "./product-listing.service.ts";
export { type ProductSearchFeed, type SearchFeedItem } from "./product-search-feed.ts";
export { type ProductInput } from "./product.schemas.ts";
export { listingRouter, productApiRouter, productImagesRouter, productModerationRouter, productPageRouter } from "./routes.ts";
export { importRouter, type ImportService, type ImportJobView } from "./import/index.ts";
export { categoryAdminRouter } from "./category-admin.routes.ts";
