/**
 * Installs the Go tools the embedded defaults and the tests run, into the git-ignored tools
 * folder: FerretDB (the embedded database) and stripe-mock (Stripe's API mock, for tests), with
 * --all also the Meilisearch copy beside the project (../shared/tools/meilisearch, when there is one),
 * and with --browser Debian's chromium for the browser tests. Only what is missing is installed.
 *
 *   tsx scripts/setup-tools.ts             what `npm start` needs (FerretDB, unless MONGODB_URI is set)
 *   tsx scripts/setup-tools.ts --all       FerretDB, stripe-mock and the Meilisearch copy
 *   tsx scripts/setup-tools.ts --all --browser   and chromium (npm test)
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.ts";
import { TOOLS, buildStampPath, hasTool, toolPath, type ToolName } from "../src/platform/tools.ts";
import { findChromium } from "./chromium.ts";
import { installMeilisearchCopy, MEILISEARCH_COPY } from "./meilisearch-copy.ts";

const { values: flags } = parseArgs({ options: { all: { type: "boolean" }, browser: { type: "boolean" } } });
const config = loadConfig();

function fail(message: string): never {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): void {
  const result = spawnSync(command, args, { stdio: "inherit", ...options, env: { ...process.env, ...options.env } });
  if (result.status !== 0) fail(`"${command} ${args.join(" ")}" failed (exit ${result.status ?? result.signal}).`);
}

function requireGo(reason: string): void {
  const probe = spawnSync("go", ["version"], { encoding: "utf8" });
  if (probe.status === 0) return;
  fail(
    `Go is not installed, and it is needed to build ${reason}.\n` +
      `  Install Go 1.22 or newer (https://go.dev/doc/install, or "apt-get install golang-go" on a recent Debian),\n` +
      `  or point the exchange at a MongoDB server with MONGODB_URI=mongodb://… (see .env.example).`,
  );
}

/**
 * FerretDB 1.24's SQLite backend finds a document by `_id` with `_ferretdb_sjson->'$._id' = ?`,
 * while the unique `_id_` index it creates is on `_ferretdb_sjson->"_id"`: SQLite cannot match the
 * two expressions, so every lookup, update and delete by `_id` scans the whole table (EXPLAIN QUERY
 * PLAN: "SCAN" instead of "SEARCH … USING INDEX"; an update by `_id` took 1.2 s at 100,000 small
 * documents). Written the index's way the comparison means the same and is an index search.
 */
const ID_LOOKUP_FIX = {
  file: path.join("internal", "backends", "sqlite", "metadata", "metadata.go"),
  from: `IDColumn = DefaultColumn + "->'$._id'"`,
  to: `IDColumn = DefaultColumn + "->\\"_id\\""`,
};

/**
 * FerretDB's `cmd/ferretdb` panics when built by a plain `go install` (its build/version/version.txt
 * is generated and not in the module), so build it from a copy of the module with that file written
 * (and the `_id` lookup written to use its index, above).
 */
function buildFerretDb(binary: string): void {
  const { module, version, pkg } = TOOLS.ferretdb;
  const info = JSON.parse(execFileSync("go", ["mod", "download", "-json", `${module}@${version}`], { encoding: "utf8" }));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "ferretdb-src-"));
  try {
    fs.cpSync(info.Dir, workDir, { recursive: true });
    execFileSync("chmod", ["-R", "u+w", workDir]);
    fs.writeFileSync(path.join(workDir, "build", "version", "version.txt"), `${version}\n`);
    const metadata = path.join(workDir, ID_LOOKUP_FIX.file);
    const source = fs.readFileSync(metadata, "utf8");
    if (!source.includes(ID_LOOKUP_FIX.from)) fail(`FerretDB ${version}: ${ID_LOOKUP_FIX.file} no longer reads ${ID_LOOKUP_FIX.from}; review the _id lookup fix.`);
    fs.writeFileSync(metadata, source.replace(ID_LOOKUP_FIX.from, ID_LOOKUP_FIX.to));
    run("go", ["build", "-trimpath", "-o", binary, pkg], { cwd: workDir });
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

function install(name: ToolName): void {
  const binary = toolPath(config.toolsDir, name);
  const { module, version, pkg } = TOOLS[name];
  requireGo(`${name} ${version}`);
  console.log(`→ Building ${name} ${version} into ${path.dirname(binary)} (the first time takes a few minutes)…`);
  const started = Date.now();
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  if (name === "ferretdb") buildFerretDb(binary);
  else run("go", ["install", `${module}${pkg === "." ? "" : pkg.slice(1)}@${version}`], { env: { GOBIN: path.dirname(binary) } });
  fs.writeFileSync(buildStampPath(config.toolsDir, name), `${TOOLS[name].build}\n`);
  console.log(`✔ ${name} ${version} ready (${Math.round((Date.now() - started) / 1000)} s)`);
}

function installChromium(): void {
  if (findChromium()) return;
  if (process.getuid?.() !== 0 || !fs.existsSync("/usr/bin/apt-get")) {
    console.warn("! chromium is missing and cannot be installed here (needs root and apt-get): the browser tests will be skipped.");
    return;
  }
  console.log("→ Installing Debian's chromium for the browser tests (apt-get)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const args = ["install", "-y", "--no-install-recommends", "chromium"];
  // A fresh machine may have empty package lists: update once and retry.
  if (spawnSync("apt-get", args, { stdio: "inherit", env }).status !== 0) {
    run("apt-get", ["update"], { env });
    run("apt-get", args, { env });
  }
}

const wanted: ToolName[] = flags.all ? ["ferretdb", "stripe-mock"] : config.mongodb.uri ? [] : ["ferretdb"];
for (const name of wanted) {
  if (!hasTool(config.toolsDir, name)) install(name);
}
if (flags.all) {
  // The tests' Meilisearch: decompressed and checked here once, so the harness finds it ready.
  const copy = installMeilisearchCopy(config.toolsDir);
  if (copy.binary !== null) console.log(`✔ Meilisearch ${MEILISEARCH_COPY.version} (shared copy, checksum verified) at ${copy.binary}`);
  else console.warn(`! ${copy.reason}: the Meilisearch tests will be skipped.`);
}
if (flags.browser) installChromium();
