export { enterpriseModel, ENTERPRISE_KINDS, ENTERPRISE_STATUSES, type EnterpriseModel } from "./enterprise.model.ts";
export { createEnterpriseService, type EnterpriseService, type EnterpriseSummary } from "./enterprise.service.ts";
export { createEnterpriseAccess } from "./enterprise-access.ts";
