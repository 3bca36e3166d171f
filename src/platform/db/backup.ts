import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import Database from "better-sqlite3";
import {
  BackupError,
  fsyncDir,
  sha256Of,
  SQLITE_DIR,
  verifyBackup,
  writeManifest,
  type Manifest,
  type ManifestFile,
} from "./backup-manifest.ts";

export { BackupError, type Manifest } from "./backup-manifest.ts";

/** What a backup leaves out, and why (written into the manifest). */
const EXCLUDED = [
  "ferretdb/state/ (FerretDB's pid file and telemetry state, rewritten on start)",
  "search index (search.sqlite or Meilisearch): rebuilt from the database on start, or by npm run reindex",
];

/** sqlite3_backup_step's page count for "the rest of the database". */
const ALL_PAGES = 0x7fffffff;

const isEmptyOrAbsent = (folder: string) => !fs.existsSync(folder) || fs.readdirSync(folder).length === 0;

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, "r+");
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Copies FerretDB's SQLite databases (`<dataDir>/ferretdb/sqlite/*.sqlite`: every collection,
 * GridFS images and uploads included) into the empty folder `destination`, while the server runs.
 * FerretDB keeps them in WAL mode, so SQLite's online backup over a read-only connection, copying
 * every page in one step, reads one snapshot (a single read transaction: every commit before it,
 * none after) while writers go on. Not `VACUUM INTO`: it rebuilds FerretDB's indexes, whose
 * expressions (`_ferretdb_sjson->"_id"`) better-sqlite3's SQLite refuses (no double-quoted
 * strings). Each database file is one snapshot (the app keeps all its collections in one
 * database). The manifest is written last.
 */
export async function createBackup(options: { dataDir: string; destination: string; ferretdbVersion: string | null }): Promise<Manifest> {
  const { dataDir, destination } = options;
  const sqliteDir = path.join(dataDir, SQLITE_DIR);
  const names = fs.existsSync(sqliteDir) ? fs.readdirSync(sqliteDir).filter((name) => name.endsWith(".sqlite")).sort() : [];
  if (names.length === 0) {
    throw new BackupError(
      "no-data",
      `Không tìm thấy dữ liệu trong ${sqliteDir}: kiểm tra DATA_DIR (máy chủ đã chạy ít nhất một lần chưa?).`,
      `No embedded data in ${sqliteDir}: check DATA_DIR (has the server run at least once?).`,
    );
  }
  if (!isEmptyOrAbsent(destination)) {
    throw new BackupError(
      "backup-not-empty",
      `Thư mục sao lưu ${destination} không trống: hãy chọn một thư mục mới hoặc trống.`,
      `The backup folder ${destination} is not empty: choose a new or empty folder.`,
    );
  }
  const createdAt = new Date().toISOString();
  const outDir = path.join(destination, SQLITE_DIR);
  fs.mkdirSync(outDir, { recursive: true });
  const files: ManifestFile[] = [];
  let sqlite = "";
  for (const name of names) {
    const relative = path.posix.join(SQLITE_DIR, name);
    const out = path.join(outDir, name);
    const source = new Database(path.join(sqliteDir, name), { readonly: true, fileMustExist: true, timeout: 10_000 });
    let snapshotAt: string;
    try {
      sqlite = source.prepare("SELECT sqlite_version()").pluck().get() as string;
      snapshotAt = new Date().toISOString();
      // After the first (empty) step, every page in one step: one read transaction, one snapshot.
      await source.backup(out, { progress: () => ALL_PAGES });
    } finally {
      source.close();
    }
    const copy = new Database(out, { fileMustExist: true });
    try {
      // A self-contained file: rollback journal, no -wal beside it (FerretDB turns WAL back on when it opens it).
      copy.pragma("journal_mode = DELETE");
      const check = copy.pragma("quick_check", { simple: true });
      if (check !== "ok") throw new Error(`the snapshot of ${name} fails SQLite's quick_check: ${String(check)}`);
    } finally {
      copy.close();
    }
    fsyncFile(out);
    files.push({ path: relative, bytes: fs.statSync(out).size, sha256: await sha256Of(out), snapshotAt });
  }
  fsyncDir(outDir);
  const manifest: Manifest = {
    format: 1,
    createdAt,
    completedAt: new Date().toISOString(),
    ferretdb: options.ferretdbVersion,
    sqlite,
    files,
    excluded: EXCLUDED,
  };
  writeManifest(destination, manifest);
  return manifest;
}

/** A FerretDB whose pid file is in `dataDir` and which still runs is using it. */
function runningFerretDb(dataDir: string): number | null {
  try {
    const { pid } = JSON.parse(fs.readFileSync(path.join(dataDir, "ferretdb", "state", "ferretdb.pid"), "utf8")) as { pid: number };
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** Copies `from` to `to`, hashing what passes; the copy must hash to `sha256`. */
async function copyVerified(from: string, to: string, sha256: string, signal?: AbortSignal): Promise<void> {
  const hash = createHash("sha256");
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(fs.createReadStream(from), tap, fs.createWriteStream(to, { flags: "wx" }), { signal });
  if (hash.digest("hex") !== sha256) throw new BackupError("checksum-mismatch", `Tệp ${from} đã thay đổi trong lúc khôi phục.`, `${from} changed during the restore.`);
  fsyncFile(to);
}

const STAGING_PREFIX = ".restoring-";

/**
 * Restores the backup in `source` into the data folder `dataDir`. The manifest and every file's
 * sha256 are checked first; the files are copied into a hidden folder inside `dataDir` (the same
 * file system even when `dataDir` is a mount point), and one rename puts `ferretdb/` in place:
 * an interrupted restore leaves no `ferretdb/` half-written (its leftover staging folder is
 * removed by the next restore). A non-empty `dataDir` is refused unless `force`; its entries are
 * then moved into `before-restore-<time>/` (the path is returned), never deleted, and the search
 * index goes with them. A folder a running FerretDB uses is always refused.
 */
export async function restoreBackup(options: {
  source: string;
  dataDir: string;
  force: boolean;
  signal?: AbortSignal;
}): Promise<{ manifest: Manifest; movedAside: string | null }> {
  const { source, force, signal } = options;
  const dataDir = path.resolve(options.dataDir);
  const manifest = await verifyBackup(source);
  const pid = runningFerretDb(dataDir);
  if (pid !== null) {
    throw new BackupError(
      "target-in-use",
      `FerretDB (pid ${pid}) đang dùng ${dataDir}: hãy dừng máy chủ trước khi khôi phục.`,
      `FerretDB (pid ${pid}) is using ${dataDir}: stop the server before restoring.`,
    );
  }
  fs.mkdirSync(dataDir, { recursive: true });
  for (const name of fs.readdirSync(dataDir)) {
    if (name.startsWith(STAGING_PREFIX)) fs.rmSync(path.join(dataDir, name), { recursive: true, force: true });
  }
  const existing = fs.readdirSync(dataDir);
  if (existing.length > 0 && !force) {
    throw new BackupError(
      "target-not-empty",
      `Thư mục dữ liệu ${dataDir} không trống: khôi phục vào một thư mục trống, hoặc thêm --force để thay thế (dữ liệu cũ được chuyển sang một thư mục con, không bị xoá).`,
      `The data folder ${dataDir} is not empty: restore into an empty folder, or add --force to replace it (the old data is moved into a subfolder, not deleted).`,
    );
  }
  const staging = path.join(dataDir, `${STAGING_PREFIX}${randomBytes(4).toString("hex")}`);
  try {
    fs.mkdirSync(path.join(staging, SQLITE_DIR), { recursive: true });
    for (const entry of manifest.files) {
      await copyVerified(path.join(source, entry.path), path.join(staging, entry.path), entry.sha256, signal);
    }
    fsyncDir(path.join(staging, SQLITE_DIR));
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  let movedAside: string | null = null;
  if (existing.length > 0) {
    movedAside = path.join(dataDir, `before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`);
    fs.mkdirSync(movedAside);
    for (const name of existing) fs.renameSync(path.join(dataDir, name), path.join(movedAside, name));
  }
  fs.renameSync(path.join(staging, "ferretdb"), path.join(dataDir, "ferretdb"));
  fs.rmdirSync(staging);
  fsyncDir(dataDir);
  return { manifest, movedAside };
}
