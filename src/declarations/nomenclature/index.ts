export { type NomenclatureRow } from "./nomenclature.csv.ts";
export { type HsDescription, type HsLookup, type ImportProgress, type Nomenclature } from "./nomenclature.service.ts";
export { hsRouter } from "./hs.routes.ts";
