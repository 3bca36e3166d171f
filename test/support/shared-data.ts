import path from "node:path";
import { PROJECT_ROOT } from "../../src/platform/paths.ts";

/**
 * Public data sets kept beside the project (never copied into it, never read at run time):
 * the Harmonized System list (HS 2022, 6-digit, public domain), columns section,hscode,description,parent,level.
 */
export const HS_CSV = path.resolve(PROJECT_ROOT, "..", "shared", "data", "hs", "harmonized-system.csv");
