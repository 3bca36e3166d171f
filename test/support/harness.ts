import path from "node:path";
import { PROJECT_ROOT } from "../../src/platform/paths.ts";

/**
 * Where the run-wide services listen. global-fixtures.ts sets them in the environment before any
 * test file runs, so that mocha's parallel workers (separate processes) see them too.
 */
export const harness = {
  get mongoUri(): string {
    return process.env.TEST_HARNESS_MONGODB_URI ?? "";
  },
  set mongoUri(uri: string) {
    process.env.TEST_HARNESS_MONGODB_URI = uri;
  },
  get stripeApiBase(): string {
    return process.env.TEST_HARNESS_STRIPE_API_BASE ?? "";
  },
  set stripeApiBase(url: string) {
    process.env.TEST_HARNESS_STRIPE_API_BASE = url;
  },
};

export const TOOLS_DIR = path.join(PROJECT_ROOT, "tools");
export const TEST_OUTPUT_DIR = path.join(PROJECT_ROOT, "test-output");
