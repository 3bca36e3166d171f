export { declarationModel, declarationVersionModel, receiptModel, DECLARATION_STATUSES, ATTACHMENT_KINDS, type Declaration, type DeclarationStatus } from "./declaration.model.ts";
export { createDeclarationAccess, isDepartment, type DeclarationActor, type DeclarationAccess } from "./declaration-access.ts";
export { createDeclarationService, type DeclarationService, type EnterpriseRecord, type Notice } from "./declaration.service.ts";
export { createDeclarationReview, isOverdue, REVIEW_TRANSITIONS, type DeclarationReview, type ReviewAction } from "./declaration-review.service.ts";
export { DIRECTIONS, type Direction } from "./declaration.header.ts";
export { LINE_FIELDS, type LineField, type StoredLine } from "./declaration.fields.ts";
export { parsePeriod, periodKey, periodRange, vietnamToday, type Period } from "./declaration.period.ts";
export { formatMinor } from "./declaration.amounts.ts";
