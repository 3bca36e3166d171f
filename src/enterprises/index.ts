// The enterprises area's public surface: its factory, services' types, ports and routers. Its model stays inside.
export { createEnterprisesArea, type EnterprisesArea, type DemoEnterpriseRecord } from "./enterprises.area.ts";
export { ENTERPRISE_KINDS, ENTERPRISE_STATUSES, CERTIFICATION_KINDS } from "./enterprise.model.ts";
export { type EnterpriseService, type EnterpriseSummary, type DeclarantRecord } from "./enterprise.service.ts";
export { type EnterpriseRegistry } from "./enterprise-registry.service.ts";
export { type EnterpriseVerification } from "./enterprise-verification.service.ts";
export { type EnterpriseDirectory } from "./enterprise-directory.service.ts";
export { type EnterpriseAccessService } from "./enterprise-access.ts";
export { type MemberEnterprise, type MemberEnterprises } from "./member-enterprises.ts";
export { type EnterpriseImages } from "./enterprise-images.service.ts";
export { type EnterpriseSearchFeed, type EnterpriseFeedItem } from "./enterprise-search-feed.ts";
export type { SectorCatalogue, SectorEntry, StorefrontListings, StorefrontListing } from "./enterprise.ports.ts";
export { registrationRouter } from "./registration.routes.ts";
export { directoryRouter } from "./directory.routes.ts";
export { enterpriseModerationRouter } from "./moderation.routes.ts";
export { enterpriseImagesRouter } from "./enterprise-images.routes.ts";
export { apiTokensRouter } from "./api-tokens.routes.ts";
export { enterpriseApiRouter } from "./enterprise-api.routes.ts";
export { membersRouter } from "./members.routes.ts";
