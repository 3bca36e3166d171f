export { productModel, PRODUCT_STATUSES, UNITS, type ProductModel } from "./product.model.ts";
export { categoryModel, type CategoryModel } from "./category.model.ts";
export { createProductService, type ProductService, type ProductCard, type CategoryEntry } from "./product.service.ts";
