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
  /** The run's Meilisearch ("" when there is none: see meiliSkipReason). */
  get meiliHost(): string {
    return process.env.TEST_HARNESS_MEILI_HOST ?? "";
  },
  set meiliHost(url: string) {
    process.env.TEST_HARNESS_MEILI_HOST = url;
  },
  /** Its master key: for test set-up only (dropping a file's indexes); apps get meiliApiKey. */
  get meiliMasterKey(): string {
    return process.env.TEST_HARNESS_MEILI_MASTER_KEY ?? "";
  },
  set meiliMasterKey(key: string) {
    process.env.TEST_HARNESS_MEILI_MASTER_KEY = key;
  },
  /** The scoped key the apps use (indexes "test_*"), made from the master key as in production. */
  get meiliApiKey(): string {
    return process.env.TEST_HARNESS_MEILI_API_KEY ?? "";
  },
  set meiliApiKey(key: string) {
    process.env.TEST_HARNESS_MEILI_API_KEY = key;
  },
  /** The binary the harness runs, for tests that start (and take down) a Meilisearch of their own. */
  get meiliBinary(): string {
    return process.env.TEST_HARNESS_MEILI_BIN ?? "";
  },
  set meiliBinary(file: string) {
    process.env.TEST_HARNESS_MEILI_BIN = file;
  },
  /** Why there is no Meilisearch in this run. */
  get meiliSkipReason(): string {
    return process.env.TEST_HARNESS_MEILI_SKIP ?? "the Meilisearch harness did not run";
  },
  set meiliSkipReason(reason: string) {
    process.env.TEST_HARNESS_MEILI_SKIP = reason;
  },
};

/** Index names of every test app start with this (the harness's API key is scoped to it). */
export const MEILI_TEST_PREFIX = "test_";

export const TOOLS_DIR = path.join(PROJECT_ROOT, "tools");
export const TEST_OUTPUT_DIR = path.join(PROJECT_ROOT, "test-output");
