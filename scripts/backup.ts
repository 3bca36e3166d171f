/**
 * npm run backup -- <folder> — a consistent copy of the embedded database (FerretDB's SQLite
 * files: every collection, GridFS images and uploads) into an empty folder, safe while the server
 * runs and takes writes. The search index is not copied: it is rebuilt from the database.
 * A relative folder is taken from where npm was run (INIT_CWD), not the project folder.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../src/config.ts";
import { BackupError, createBackup } from "../src/platform/db/backup.ts";
import { buildStampPath } from "../src/platform/tools.ts";

const USAGE = "Cách dùng / Usage: npm run backup -- <thư mục sao lưu / backup folder>";

try {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new BackupError("usage", "Cần đúng một thư mục sao lưu.", "Exactly one backup folder is required.");
  const config = loadConfig();
  if (config.mongodb.uri) {
    throw new BackupError(
      "not-embedded",
      "MONGODB_URI đã được đặt: lệnh này chỉ sao lưu cơ sở dữ liệu nhúng; với MongoDB hãy dùng mongodump --archive --gzip (xem README).",
      "MONGODB_URI is set: this command backs up the embedded database only; for MongoDB use mongodump --archive --gzip (see README).",
    );
  }
  const stamp = buildStampPath(config.toolsDir, "ferretdb");
  const destination = path.resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]!);
  const started = Date.now();
  const manifest = await createBackup({
    dataDir: config.dataDir,
    destination,
    ferretdbVersion: fs.existsSync(stamp) ? fs.readFileSync(stamp, "utf8").trim() : null,
  });
  const bytes = manifest.files.reduce((sum, file) => sum + file.bytes, 0);
  console.log(
    `✔ Đã sao lưu / Backed up ${manifest.files.length} database file(s), ${(bytes / 1048576).toFixed(1)} MiB, ` +
      `snapshot ${manifest.files[0]!.snapshotAt}, in ${((Date.now() - started) / 1000).toFixed(1)} s → ${destination}`,
  );
} catch (error) {
  if (error instanceof BackupError || error instanceof ConfigError) console.error(`✖ ${error.message}\n${USAGE}`);
  else if ((error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) console.error(`✖ ${(error as Error).message}\n${USAGE}`);
  else console.error(error);
  process.exitCode = 1;
}
