/**
 * The Meilisearch copy built from its public source for tests and benchmarks
 * (`../shared/tools/meilisearch/`, see its README): found beside the project, checked against the
 * README's checksums, and decompressed once into the git-ignored tools folder. A clone without
 * `../shared` (a user's machine) has no copy; callers say so and skip.
 */
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../src/platform/paths.ts";

export const MEILISEARCH_COPY = {
  version: "v1.50.0",
  file: "meilisearch-v1.50.0-linux-x86_64.xz",
  xzSha256: "d841ded0935904c640f3321f8c9ac890ef22ba5ad76672fab7a8aadfed70a5b8",
  binarySha256: "2b05e8813bb137259e649794e6611da0080e681c23c23cd11e19e72d8e3528ab",
} as const;

/** Where the shared copy is looked for: `sharedToolsDir` if given, `../shared/tools` beside the project, /work/shared/tools (this machine's layout). */
export const sharedCopyCandidates = (sharedToolsDir?: string) =>
  [sharedToolsDir, path.resolve(PROJECT_ROOT, "..", "shared", "tools"), "/work/shared/tools"]
    .filter((dir): dir is string => !!dir)
    .map((dir) => path.join(dir, "meilisearch", MEILISEARCH_COPY.file));

export const meilisearchBinaryPath = (toolsDir: string) => path.join(toolsDir, "bin", "meilisearch");

const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** The installed binary when its checksum is the README's (the stamp beside it records that it was checked). */
function installedCopy(toolsDir: string): string | null {
  const binary = meilisearchBinaryPath(toolsDir);
  const stamp = `${binary}.build`;
  const ok = fs.existsSync(binary) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8").trim() === MEILISEARCH_COPY.binarySha256;
  return ok ? binary : null;
}

export type CopyResult = { binary: string } | { binary: null; reason: string };

/**
 * Decompresses the shared copy into `<toolsDir>/bin/meilisearch` unless it is there already.
 * Written beside and renamed into place, so a second run (another worktree sharing the tools
 * folder) never sees half a binary. Refuses a copy whose checksums are not the README's.
 */
export function installMeilisearchCopy(toolsDir: string, sharedToolsDir?: string): CopyResult {
  const installed = installedCopy(toolsDir);
  if (installed) return { binary: installed };
  const candidates = sharedCopyCandidates(sharedToolsDir);
  const source = candidates.find((file) => fs.existsSync(file));
  if (!source) return { binary: null, reason: `no Meilisearch copy in ${candidates.join(", ")} (set MEILI_BIN, or MEILI_HOST and MEILI_MASTER_KEY)` };
  if (sha256(source) !== MEILISEARCH_COPY.xzSha256) throw new Error(`${source}: sha256 is not the one its README names; not installing it`);
  const binary = meilisearchBinaryPath(toolsDir);
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  const partial = `${binary}.${process.pid}.partial`;
  const out = fs.openSync(partial, "w", 0o755);
  try {
    const result = spawnSync("xz", ["-dc", source], { stdio: ["ignore", out, "pipe"] });
    if (result.status !== 0) throw new Error(`xz -dc ${source} failed: ${result.error?.message ?? result.stderr?.toString()}`);
  } finally {
    fs.closeSync(out);
  }
  if (sha256(partial) !== MEILISEARCH_COPY.binarySha256) {
    fs.rmSync(partial, { force: true });
    throw new Error(`${source}: the decompressed binary's sha256 is not the one its README names`);
  }
  fs.renameSync(partial, binary);
  fs.writeFileSync(`${binary}.build`, `${MEILISEARCH_COPY.binarySha256}\n`);
  return { binary };
}
