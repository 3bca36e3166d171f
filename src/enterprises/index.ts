export { enterpriseModel, ENTERPRISE_KINDS, ENTERPRISE_STATUSES, type EnterpriseModel } from "./enterprise.model.ts";
export { createEnterpriseService, type EnterpriseService, type EnterpriseSummary } from "./enterprise.service.ts";
export { createEnterpriseRegistry, type EnterpriseRegistry } from "./enterprise-registry.service.ts";
export { createEnterpriseVerification, type EnterpriseVerification } from "./enterprise-verification.service.ts";
export { createEnterpriseDirectory, type EnterpriseDirectory } from "./enterprise-directory.service.ts";
export { registrationRouter } from "./registration.routes.ts";
export { directoryRouter } from "./directory.routes.ts";
export { enterpriseModerationRouter } from "./moderation.routes.ts";
export { createEnterpriseAccess } from "./enterprise-access.ts";
