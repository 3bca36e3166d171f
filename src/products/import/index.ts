export { importJobModel, importRejectionModel, type ImportJobModel, type ImportRejectionModel } from "./import.model.ts";
export { createImportFiles } from "./import.files.ts";
export { createImportService, MAX_IMPORT_ROWS, type ImportService, type ImportJobView } from "./import.service.ts";
export { importRouter } from "./import.routes.ts";
