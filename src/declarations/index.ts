// The declarations area's public surface: its factory, services' types and routers. Its models stay inside.
export { createDeclarationsArea, type DeclarationsArea } from "./declarations.area.ts";
export { type DeclarationStatus } from "./declaration.model.ts";
export { type DeclarationActor, type DeclarationAccess } from "./declaration-access.ts";
export { type DeclarationService, type EnterpriseRecord, type Notice } from "./declaration.service.ts";
export { type DeclarationReview, type ReviewAction } from "./declaration-review.service.ts";
export { type Direction } from "./declaration.header.ts";
export { type LineField, type StoredLine } from "./declaration.fields.ts";
export { type Period } from "./declaration.period.ts";
export { hsRouter, type NomenclatureRow, type Nomenclature } from "./nomenclature/index.ts";
export { declarationUploadRouter } from "./declaration-upload.routes.ts";
export { DECLARATION_API_PATHS, declarationApiEntry, declarationApiRouter } from "./declaration-api.routes.ts";
export { declarationWebRouter } from "./declaration-web.routes.ts";
export { declarationFilesRouter } from "./declaration-files.routes.ts";
export { declarationReviewRouter } from "./declaration-review.routes.ts";
export { declarationStatsRouter } from "./declaration-stats.routes.ts";
