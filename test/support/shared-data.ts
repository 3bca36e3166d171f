import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../../src/platform/paths.ts";

/**
 * Public data sets kept beside the project (never copied into it, never read at run time): the
 * Harmonized System list (HS 2022, 6-digit, public domain), columns section,hscode,description,parent,level.
 * Looked for in SHARED_DATA_DIR, then `../shared/data` beside the project, then /work/shared/data
 * (this machine's layout, for a clone made elsewhere).
 */
const HS_FILE = path.join("hs", "harmonized-system.csv");
const candidates = [process.env.SHARED_DATA_DIR, path.resolve(PROJECT_ROOT, "..", "shared", "data"), "/work/shared/data"].filter((dir): dir is string => !!dir);

export const HS_CSV: string | null = candidates.map((dir) => path.join(dir, HS_FILE)).find((file) => fs.existsSync(file)) ?? null;

/** The HS list's path, or the test is skipped with the reason (the list is not part of the project). */
export function hsCsvOrSkip(context: Mocha.Context): string {
  if (HS_CSV) return HS_CSV;
  console.log(`      skipped: the public HS list (${HS_FILE}) is in none of ${candidates.join(", ")}; set SHARED_DATA_DIR`);
  return context.skip();
}
