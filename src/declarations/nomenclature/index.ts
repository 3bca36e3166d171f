export { hsEntryModel, hsPointerModel, type HsEntry, type HsEntryModel, type HsPointer, type HsPointerModel } from "./hs-entry.model.ts";
export { readNomenclatureCsv, HS_LEVELS, type NomenclatureRow } from "./nomenclature.csv.ts";
export { createNomenclature, type HsDescription, type HsLookup, type ImportProgress, type Nomenclature } from "./nomenclature.service.ts";
export { hsRouter } from "./hs.routes.ts";
