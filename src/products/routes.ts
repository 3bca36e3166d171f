// The products area's routers, mounted by app.ts.
export { listingRouter } from "./listing.routes.ts";
export { productImagesRouter } from "./product-images.routes.ts";
export { productModerationRouter } from "./product-moderation.routes.ts";
export { productPageRouter } from "./product-page.routes.ts";
export { productApiRouter } from "./product-api.routes.ts";
