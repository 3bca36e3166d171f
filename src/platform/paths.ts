import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project folder (the one holding package.json), wherever the process was started. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const VIEWS_DIR = path.join(PROJECT_ROOT, "views");
export const PUBLIC_DIR = path.join(PROJECT_ROOT, "public");
