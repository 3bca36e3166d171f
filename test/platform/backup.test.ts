import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import mongoose from "mongoose";
import { runScript, waitForOutput, type Finished } from "../support/processes.ts";
import { TOOLS_DIR } from "../support/harness.ts";

const { MongoClient, GridFSBucket } = mongoose.mongo;
type Client = InstanceType<typeof MongoClient>;
type Db = ReturnType<Client["db"]>;

const DB_NAME = "gialai_exchange";
const COLLECTIONS = ["probe_events", "probe_orders"] as const;
const BUCKET = "probe_files";
const FILE_EVERY = 10;

/** RAM-backed when there is one: FerretDB's SQLite writes are the slow part of this test. */
const tempRoot = fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir();
const tempDir = (label: string) => fs.mkdtempSync(path.join(tempRoot, `exchange-${label}-`));

/** Write `seq` of the one sequential writer: every FILE_EVERY-th a GridFS file, else a document in one of two collections. */
const target = (seq: number) => (seq % FILE_EVERY === FILE_EVERY - 1 ? BUCKET : COLLECTIONS[seq % 2]!);
const body = (seq: number) => createHash("sha256").update(`body-${seq}`).digest("hex").repeat(8);
const fileBytes = (seq: number) => {
  const block = createHash("sha256").update(`file-${seq}`).digest();
  return Buffer.concat(Array.from({ length: 4_000 }, (_, i) => Buffer.concat([block, Buffer.from([i & 255])])));
};
const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const checksum = (docs: { _id: number; body: string }[]) =>
  sha256(docs.sort((a, b) => a._id - b._id).map((doc) => `${doc._id}:${doc.body}`).join("\n"));

const scriptEnv = (dataDir: string) => ({ DATA_DIR: dataDir, TOOLS_DIR, LOG_LEVEL: "warn" });
const script = (name: "backup" | "restore", args: string[], dataDir: string): Promise<Finished> =>
  runScript(`scripts/${name}.ts`, args, scriptEnv(dataDir)).finished;

type Server = { port: number; client: Client; db: Db; stop(): Promise<void> };

/** The real exchange on `dataDir`, and a driver client to the FerretDB it started (its pid file names the port). */
async function startServer(dataDir: string): Promise<Server> {
  const server = runScript("src/server.ts", [], { ...scriptEnv(dataDir), PORT: "0", HOST: "127.0.0.1", SEED_DEMO: "false", LOG_LEVEL: "info" });
  try {
    const [, port] = await waitForOutput(server.output, /listening on http:\/\/localhost:(\d+)/, 30_000);
    const record = JSON.parse(fs.readFileSync(path.join(dataDir, "ferretdb", "state", "ferretdb.pid"), "utf8")) as { port: number };
    const client = await MongoClient.connect(`mongodb://127.0.0.1:${record.port}/`, { serverSelectionTimeoutMS: 5_000 });
    return {
      port: Number(port),
      client,
      db: client.db(DB_NAME),
      async stop() {
        await client.close();
        server.child.kill("SIGTERM");
        assert.equal((await server.finished).code, 0, server.output());
      },
    };
  } catch (error) {
    server.child.kill("SIGKILL");
    throw error;
  }
}

/** One writer, one write at a time, each recorded when it was issued and when it was acknowledged. */
function startWriter(db: Db) {
  const issuedAt: number[] = [];
  const ackedAt: number[] = [];
  const bucket = new GridFSBucket(db, { bucketName: BUCKET, chunkSizeBytes: 32 * 1024 });
  let stopping = false;
  const done = (async () => {
    for (let seq = 0; !stopping; seq++) {
      issuedAt.push(Date.now());
      const where = target(seq);
      if (where === BUCKET) {
        await new Promise<void>((resolve, reject) =>
          bucket.openUploadStream(`file-${seq}`, { metadata: { seq } }).once("finish", () => resolve()).once("error", reject).end(fileBytes(seq)),
        );
      } else {
        await db.collection<{ _id: number; body: string }>(where).insertOne({ _id: seq, body: body(seq) });
      }
      ackedAt.push(Date.now());
    }
  })();
  return {
    issuedAt,
    ackedAt,
    async stop() {
      stopping = true;
      await done;
    },
  };
}

const sqliteFile = (folder: string) => path.join(folder, "ferretdb", "sqlite", `${DB_NAME}.sqlite`);

describe("npm run backup and npm run restore (embedded FerretDB)", function () {
  this.timeout(60_000);
  let sourceDir: string;
  let backupDir: string;
  let writes: { issuedAt: number[]; ackedAt: number[] };
  let ackedBeforeBackupStarted: number;
  let manifest: { files: { snapshotAt: string }[]; completedAt: string; ferretdb: string | null };
  const cleanup: string[] = [];

  before(async () => {
    sourceDir = tempDir("backup-source");
    backupDir = path.join(tempDir("backup"), "copy");
    cleanup.push(sourceDir, path.dirname(backupDir));
    const server = await startServer(sourceDir);
    try {
      const writer = startWriter(server.db);
      while (writer.ackedAt.length < 60) await new Promise((resolve) => setTimeout(resolve, 20));
      ackedBeforeBackupStarted = writer.ackedAt.length;
      const backup = await script("backup", [backupDir], sourceDir);
      // Writes go on after the backup, so the snapshot is taken in the middle of the stream.
      const afterBackup = writer.ackedAt.length;
      while (writer.ackedAt.length < afterBackup + 20) await new Promise((resolve) => setTimeout(resolve, 20));
      await writer.stop();
      writes = writer;
      assert.equal(backup.code, 0, backup.stdout + backup.stderr);
      assert.match(backup.stdout, /Đã sao lưu \/ Backed up 1 database file/);
    } finally {
      await server.stop();
    }
    manifest = JSON.parse(fs.readFileSync(path.join(backupDir, "manifest.json"), "utf8"));
  });

  after(() => {
    for (const folder of cleanup) fs.rmSync(folder, { recursive: true, force: true });
  });

  it("when writes stream in during the backup, then the restored data is exactly a prefix of the acknowledged writes, holds every write acknowledged before the snapshot, and the exchange starts on it", async () => {
    const restored = tempDir("restored");
    cleanup.push(restored);
    const restore = await script("restore", [backupDir], restored);
    assert.equal(restore.code, 0, restore.stdout + restore.stderr);
    assert.deepEqual(fs.readdirSync(restored), ["ferretdb"], "nothing but the database is restored (no search index, no state)");

    const server = await startServer(restored);
    try {
      const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      assert.deepEqual(await health.json(), { status: "ok", db: "ok", search: "ok", searchLag: 0 });
      assert.ok(fs.existsSync(path.join(restored, "search.sqlite")), "the search index was rebuilt on start");

      const docs = Object.fromEntries(
        await Promise.all(COLLECTIONS.map(async (name) => [name, await server.db.collection<{ _id: number; body: string }>(name).find().toArray()] as const)),
      );
      const files = await server.db.collection<{ _id: unknown; metadata: { seq: number }; length: number }>(`${BUCKET}.files`).find().toArray();
      const present = [...COLLECTIONS.flatMap((name) => docs[name]!.map((doc) => doc._id)), ...files.map((file) => file.metadata.seq)].sort((a, b) => a - b);
      const prefix = present.length;

      // A consistent snapshot of one sequential writer: writes 0..prefix-1, no gap, nothing later.
      assert.deepEqual(present, Array.from({ length: prefix }, (_, seq) => seq));
      const snapshotAt = Date.parse(manifest.files[0]!.snapshotAt);
      const ackedBeforeSnapshot = writes.ackedAt.filter((at) => at < snapshotAt).length;
      const issuedBeforeCompletion = writes.issuedAt.filter((at) => at <= Date.parse(manifest.completedAt)).length;
      assert.ok(ackedBeforeSnapshot >= ackedBeforeBackupStarted, `${ackedBeforeSnapshot} writes acknowledged before the snapshot`);
      assert.ok(prefix >= ackedBeforeSnapshot, `${prefix} restored, ${ackedBeforeSnapshot} acknowledged before the snapshot began`);
      assert.ok(prefix <= issuedBeforeCompletion, `${prefix} restored, ${issuedBeforeCompletion} issued before the backup completed`);
      assert.ok(prefix < writes.ackedAt.length, `writes went on after the snapshot (${prefix} of ${writes.ackedAt.length})`);

      // Per collection: count and checksum equal those of the writes the prefix holds.
      for (const name of COLLECTIONS) {
        const expected = Array.from({ length: prefix }, (_, seq) => seq).filter((seq) => target(seq) === name).map((seq) => ({ _id: seq, body: body(seq) }));
        assert.equal(docs[name]!.length, expected.length, name);
        assert.equal(checksum(docs[name]!), checksum(expected), `${name} checksum`);
      }
      const bucket = new GridFSBucket(server.db, { bucketName: BUCKET });
      assert.equal(files.length, Array.from({ length: prefix }, (_, seq) => seq).filter((seq) => target(seq) === BUCKET).length);
      assert.ok(files.length >= 5, `${files.length} GridFS files`);
      for (const file of files) {
        const chunks: Buffer[] = [];
        for await (const chunk of bucket.openDownloadStream(file._id)) chunks.push(chunk as Buffer);
        assert.equal(sha256(Buffer.concat(chunks)), sha256(fileBytes(file.metadata.seq)), `GridFS file ${file.metadata.seq} is whole`);
      }
      // Chunks without a file document can only be those of the one upload the snapshot cut.
      const fileIds = new Set(files.map((file) => String(file._id)));
      const orphanOwners = new Set(
        (await server.db.collection(`${BUCKET}.chunks`).find({}, { projection: { files_id: 1 } }).toArray())
          .map((chunk) => String(chunk.files_id))
          .filter((id) => !fileIds.has(id)),
      );
      assert.ok(orphanOwners.size <= 1, `${orphanOwners.size} cut uploads`);

      const again = await script("restore", [backupDir], restored);
      assert.equal(again.code, 1, "a restore into the folder of a running server is refused");
      assert.match(again.stderr, /đang dùng .*\n.*is using/);
    } finally {
      await server.stop();
    }
  });

  it("when the restore target is not empty, then without --force it is refused and left as it was, and with --force the old data is moved aside", async () => {
    const target = tempDir("restore-target");
    cleanup.push(target);
    fs.writeFileSync(path.join(target, "keep.txt"), "earlier data");

    const refused = await script("restore", [backupDir], target);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /Thư mục dữ liệu .* không trống.*\n.*The data folder .* is not empty/);
    assert.deepEqual(fs.readdirSync(target), ["keep.txt"]);

    const forced = await script("restore", [backupDir, "--force"], target);
    assert.equal(forced.code, 0, forced.stderr);
    const [aside] = fs.readdirSync(target).filter((name) => name.startsWith("before-restore-"));
    assert.ok(aside, forced.stdout);
    assert.equal(fs.readFileSync(path.join(target, aside, "keep.txt"), "utf8"), "earlier data");
    assert.equal(sha256(fs.readFileSync(sqliteFile(target))), sha256(fs.readFileSync(sqliteFile(backupDir))));
  });

  it("when a backup file or its manifest was altered, then restore refuses it and writes nothing", async () => {
    const tampered = tempDir("tampered");
    const manifestBroken = tempDir("manifest-broken");
    const targets = [tempDir("restore-tampered"), tempDir("restore-manifest")];
    cleanup.push(tampered, manifestBroken, ...targets);
    fs.cpSync(backupDir, tampered, { recursive: true });
    fs.cpSync(backupDir, manifestBroken, { recursive: true });
    const file = sqliteFile(tampered);
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
    fs.writeFileSync(file, bytes);
    fs.writeFileSync(path.join(manifestBroken, "manifest.json"), fs.readFileSync(path.join(backupDir, "manifest.json"), "utf8").slice(0, 200));

    const [byFile, byManifest] = await Promise.all([script("restore", [tampered], targets[0]!), script("restore", [manifestBroken], targets[1]!)]);
    assert.equal(byFile.code, 1);
    assert.match(byFile.stderr, /ferretdb\/sqlite\/gialai_exchange\.sqlite .*không khớp.*\n.*does not match manifest\.json \(sha256 differs\)/);
    assert.equal(byManifest.code, 1);
    assert.match(byManifest.stderr, /bị hỏng.*\n.*manifest .* is corrupt/);
    for (const folder of targets) assert.deepEqual(fs.readdirSync(folder), [], "nothing written");
  });

  it("when there is no data folder or the backup folder is not empty, then npm run backup refuses in Vietnamese and English and writes nothing", async () => {
    const noData = path.join(tempDir("no-data"), "missing");
    cleanup.push(path.dirname(noData));
    const emptyBackup = path.join(path.dirname(noData), "backup");
    const [missing, notEmpty] = await Promise.all([script("backup", [emptyBackup], noData), script("backup", [backupDir], sourceDir)]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Không tìm thấy dữ liệu .*\n.*No embedded data in/);
    assert.equal(fs.existsSync(emptyBackup), false);
    assert.equal(notEmpty.code, 1);
    assert.match(notEmpty.stderr, /Thư mục sao lưu .* không trống.*\n.*The backup folder .* is not empty/);
    assert.equal(manifest.ferretdb, fs.readFileSync(path.join(TOOLS_DIR, "bin", "ferretdb.build"), "utf8").trim());
  });
});
