import assert from "node:assert/strict";
import os from "node:os";
import { ConfigError, loadConfig } from "../src/config.ts";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail("the configuration was accepted");
}

const productionEnv = {
  NODE_ENV: "production",
  MONGODB_URI: "mongodb://db1:27017,db2:27017/?replicaSet=rs0",
  SESSION_SECRET: "a-real-secret-that-is-long-enough-0123456789",
  STRIPE_SECRET_KEY: "sk_live_abcdef",
  STRIPE_WEBHOOK_SECRET: "whsec_real",
  SMTP_URL: "smtps://mailer:secret@smtp.example.vn",
};

describe("configuration", () => {
  it("when nothing is set, then development defaults apply: port 3000, embedded FerretDB and search, demo data", () => {
    const config = loadConfig({}, "/srv/exchange");
    assert.equal(config.port, 3000);
    assert.equal(config.env, "development");
    assert.equal(config.mongodb.uri, undefined);
    assert.deepEqual(config.search, { engine: "embedded", file: "/srv/exchange/data/search.sqlite", workers: Math.min(2, os.availableParallelism()) });
    assert.equal(config.seedDemo, true);
    assert.ok(Object.isFrozen(config));
  });

  it("when PORT and LOG_LEVEL are not valid, then both are named", () => {
    const problems = problemsOf({ PORT: "eighty", LOG_LEVEL: "loud" });
    assert.equal(problems.length, 2);
    assert.match(problems.join("\n"), /^PORT: /m);
    assert.match(problems.join("\n"), /^LOG_LEVEL: /m);
  });

  it("when MONGODB_URI or MEILI_HOST are not URLs of their kind, then they are named", () => {
    const problems = problemsOf({ MONGODB_URI: "postgres://x", MEILI_HOST: "meili:7700" });
    assert.match(problems.join("\n"), /MONGODB_URI: must start with mongodb:\/\/ or mongodb\+srv:\/\//);
    assert.match(problems.join("\n"), /MEILI_HOST: must start with http:\/\/ or https:\/\//);
  });

  it("when SEARCH_ENGINE=meilisearch has no MEILI_HOST, then MEILI_HOST is named", () => {
    assert.match(problemsOf({ SEARCH_ENGINE: "meilisearch" }).join("\n"), /^MEILI_HOST: is required/m);
  });

  it("when MEILI_HOST is set, then Meilisearch is chosen", () => {
    const config = loadConfig({ MEILI_HOST: "http://127.0.0.1:7700", MEILI_API_KEY: "k", MEILI_MASTER_KEY: "master", MEILI_INDEX_PREFIX: "gl_" });
    assert.deepEqual(config.search, { engine: "meilisearch", host: "http://127.0.0.1:7700", apiKey: "k", indexPrefix: "gl_" });
    assert.equal(config.meilisearchMasterKey, "master", "kept for setup tooling, never given to the index");
  });

  it("when production runs on Meilisearch without MEILI_API_KEY, or with the master key as it, then it refuses", () => {
    const base = { ...productionEnv, MEILI_HOST: "http://meili:7700" };
    assert.match(problemsOf(base).join("\n"), /^MEILI_API_KEY: is required in production/m);
    assert.match(problemsOf({ ...base, MEILI_API_KEY: "same", MEILI_MASTER_KEY: "same" }).join("\n"), /^MEILI_API_KEY: is the master key/m);
    assert.equal(loadConfig({ ...base, MEILI_API_KEY: "scoped" }).search.engine, "meilisearch");
  });

  it("when production runs with the development secrets, then it refuses, naming each secret", () => {
    const problems = problemsOf({ NODE_ENV: "production", MONGODB_URI: productionEnv.MONGODB_URI });
    for (const name of ["SESSION_SECRET", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"]) {
      assert.ok(problems.some((problem) => problem.startsWith(`${name}: is a development default`)), name);
    }
  });

  it("when production has no MONGODB_URI, then it refuses: production runs on a MongoDB replica set", () => {
    const { MONGODB_URI: _omitted, ...rest } = productionEnv;
    assert.match(problemsOf(rest).join("\n"), /^MONGODB_URI: is required in production/m);
  });

  it("when production is fully configured, then it starts without demo data", () => {
    const config = loadConfig(productionEnv);
    assert.equal(config.env, "production");
    assert.equal(config.seedDemo, false);
  });

  it("when SESSION_SECRET is short or SEED_DEMO is not a boolean, then both are named", () => {
    const problems = problemsOf({ SESSION_SECRET: "short", SEED_DEMO: "maybe" });
    assert.match(problems.join("\n"), /^SESSION_SECRET: must be at least 32 characters/m);
    assert.match(problems.join("\n"), /^SEED_DEMO: must be true or false/m);
  });
});
