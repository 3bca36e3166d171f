export { productModel, PRODUCT_STATUSES, PRODUCT_CERTIFICATIONS, UNITS, MAX_IMAGES, type ProductModel, type PriceTier } from "./product.model.ts";
export { categoryModel, type CategoryModel } from "./category.model.ts";
export { createProductService, type ProductService, type ProductCard, type CategoryEntry, type PublicProduct } from "./product.service.ts";
export { createProductListingService, type ProductListingService } from "./product-listing.service.ts";
export { productInputSchema, priceTiersSchema, priceStockSchema, type ProductInput } from "./product.schemas.ts";
export { tierPriceFor, tierRanges } from "./product.pricing.ts";
