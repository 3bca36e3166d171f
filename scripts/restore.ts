/**
 * npm run restore -- <folder> [--force] — restores a backup made by `npm run backup` into DATA_DIR.
 * Checks the manifest and every checksum first, refuses a non-empty data folder without --force,
 * and refuses while a server uses it. The search index is rebuilt on the next start.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../src/config.ts";
import { BackupError, restoreBackup } from "../src/platform/db/backup.ts";

const USAGE = "Cách dùng / Usage: npm run restore -- <thư mục sao lưu / backup folder> [--force]";

const abort = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => abort.abort(new Error(`interrupted by ${signal}`)));

try {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { force: { type: "boolean", default: false } } });
  if (positionals.length !== 1) throw new BackupError("usage", "Cần đúng một thư mục sao lưu.", "Exactly one backup folder is required.");
  const config = loadConfig();
  const { manifest, movedAside } = await restoreBackup({
    source: path.resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]!),
    dataDir: config.dataDir,
    force: values.force,
    signal: abort.signal,
  });
  console.log(`✔ Đã khôi phục / Restored the backup of ${manifest.createdAt} (${manifest.files.length} database file(s)) into ${config.dataDir}`);
  if (movedAside) console.log(`  Dữ liệu cũ / The previous data: ${movedAside} (xoá khi không cần / delete it when no longer needed)`);
  // An index built from the data before the restore would keep listings the restored data lacks.
  if (config.search.engine === "embedded" && config.search.file !== ":memory:") {
    for (const file of [config.search.file, `${config.search.file}-wal`, `${config.search.file}-shm`]) fs.rmSync(file, { force: true });
    console.log("  Chỉ mục tìm kiếm sẽ được dựng lại khi khởi động / The search index is rebuilt on the next start.");
  } else {
    console.log("  Hãy chạy / Run: npm run reindex (Meilisearch is not part of the backup).");
  }
  if (config.mongodb.uri) console.log("  Lưu ý / Note: MONGODB_URI is set, so the server will not use the restored embedded data.");
} catch (error) {
  if (error instanceof BackupError || error instanceof ConfigError) console.error(`✖ ${error.message}\n${USAGE}`);
  else if ((error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) console.error(`✖ ${(error as Error).message}\n${USAGE}`);
  else if (abort.signal.aborted) console.error("✖ Đã ngắt: thư mục dữ liệu không bị thay đổi. / Interrupted: the data folder was left unchanged.");
  else console.error(error);
  process.exitCode = 1;
}
