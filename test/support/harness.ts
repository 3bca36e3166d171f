import path from "node:path";
import { PROJECT_ROOT } from "../../src/platform/paths.ts";

/** Where the run-wide services listen; filled in by global-fixtures.ts before any test file runs. */
export const harness = { mongoUri: "", stripeApiBase: "" };

export const TOOLS_DIR = path.join(PROJECT_ROOT, "tools");
export const TEST_OUTPUT_DIR = path.join(PROJECT_ROOT, "test-output");
