import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

/** Where FerretDB's SQLite files sit, relative to the data folder and to a backup folder alike. */
export const SQLITE_DIR = path.posix.join("ferretdb", "sqlite");
export const MANIFEST_FILE = "manifest.json";

export type BackupErrorCode =
  | "usage"
  | "no-data"
  | "not-embedded"
  | "backup-not-empty"
  | "target-not-empty"
  | "target-in-use"
  | "manifest-missing"
  | "manifest-corrupt"
  | "checksum-mismatch";

/** A refusal the person running the command can act on: Vietnamese first, then English. */
export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    vi: string,
    en: string,
  ) {
    super(`${vi}\n  ${en}`);
    this.name = "BackupError";
  }
}

const FileEntry = z.object({
  // Only `ferretdb/sqlite/<name>.sqlite`: a manifest can never make restore write outside its folder.
  path: z.string().regex(/^ferretdb\/sqlite\/[A-Za-z0-9_-]{1,63}\.sqlite$/),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Taken just before this file's snapshot (one read transaction) began: every write acknowledged earlier is in it. */
  snapshotAt: z.iso.datetime(),
});

const ManifestSchema = z.object({
  format: z.literal(1),
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime(),
  ferretdb: z.string().nullable(),
  sqlite: z.string(),
  files: z.array(FileEntry).min(1),
  excluded: z.array(z.string()),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestFile = z.infer<typeof FileEntry>;

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Writes the manifest last and atomically: a backup folder without one is an interrupted backup. */
export function writeManifest(folder: string, manifest: Manifest): void {
  const final = path.join(folder, MANIFEST_FILE);
  const temporary = `${final}.partial`;
  const fd = fs.openSync(temporary, "w");
  try {
    fs.writeFileSync(fd, `${JSON.stringify(manifest, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, final);
  fsyncDir(folder);
}

export function fsyncDir(folder: string): void {
  const fd = fs.openSync(folder, "r");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads the manifest of `folder` and checks every file it lists (size and sha256); throws a BackupError. */
export async function verifyBackup(folder: string): Promise<Manifest> {
  const file = path.join(folder, MANIFEST_FILE);
  if (!fs.existsSync(file)) {
    throw new BackupError(
      "manifest-missing",
      `Không có ${MANIFEST_FILE} trong ${folder}: đây không phải bản sao lưu, hoặc lần sao lưu đã bị ngắt giữa chừng.`,
      `No ${MANIFEST_FILE} in ${folder}: this is not a backup, or the backup was interrupted.`,
    );
  }
  let manifest: Manifest;
  try {
    manifest = ManifestSchema.parse(JSON.parse(fs.readFileSync(file, "utf8")));
  } catch (error) {
    const reason = error instanceof z.ZodError ? error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ") : (error as Error).message;
    throw new BackupError("manifest-corrupt", `Tệp ${file} bị hỏng (${reason}).`, `The manifest ${file} is corrupt (${reason}).`);
  }
  for (const entry of manifest.files) {
    const copy = path.join(folder, entry.path);
    const bytes = fs.existsSync(copy) ? fs.statSync(copy).size : null;
    const actual = bytes === entry.bytes ? await sha256Of(copy) : null;
    if (actual !== entry.sha256) {
      const what = bytes === null ? "missing" : bytes !== entry.bytes ? `${bytes} bytes, expected ${entry.bytes}` : "sha256 differs";
      throw new BackupError(
        "checksum-mismatch",
        `Tệp ${entry.path} của bản sao lưu không khớp với ${MANIFEST_FILE} (${what}): bản sao lưu bị hỏng hoặc đã bị sửa; không khôi phục gì cả.`,
        `The backup file ${entry.path} does not match ${MANIFEST_FILE} (${what}): the backup is damaged or was altered; nothing was restored.`,
      );
    }
  }
  return manifest;
}
