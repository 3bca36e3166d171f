export { type ImportService, type ImportJobView } from "./import.service.ts";
export { importRouter } from "./import.routes.ts";
