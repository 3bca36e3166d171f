import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import mongoose from "mongoose";
import { startEmbeddedFerretDb } from "../../src/platform/db/ferretdb.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { findFreePort, waitForPort } from "../../src/platform/net.ts";
import { toolPath } from "../../src/platform/tools.ts";
import { TOOLS_DIR } from "../support/harness.ts";

const binary = toolPath(TOOLS_DIR, "ferretdb");
const logger = createLogger("silent");

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function ping(uri: string): Promise<void> {
  const client = await mongoose.mongo.MongoClient.connect(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    await client.db("probe").command({ ping: 1 });
  } finally {
    await client.close();
  }
}

describe("embedded FerretDB", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "exchange-data-"));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const pidFile = () => path.join(dataDir, "ferretdb", "state", "ferretdb.pid");

  it("when started on a data folder, then it answers on loopback, keeps a pid file, and stop() ends it", async () => {
    const db = await startEmbeddedFerretDb({ binary, storage: { dataDir }, logger });
    assert.match(db.uri, /^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    await ping(db.uri);
    assert.equal(JSON.parse(fs.readFileSync(pidFile(), "utf8")).pid, db.process.pid);
    assert.equal(db.folder, path.join(dataDir, "ferretdb"));
    await db.process.stop();
    assert.equal(isRunning(db.process.pid), false);
    assert.equal(fs.existsSync(pidFile()), false);
  });

  it("when started on temporary storage, then it leaves no folder behind after stop()", async () => {
    const db = await startEmbeddedFerretDb({ binary, storage: "temporary", logger });
    await ping(db.uri);
    assert.ok(fs.existsSync(db.folder));
    await db.process.stop();
    assert.equal(isRunning(db.process.pid), false);
    assert.equal(fs.existsSync(db.folder), false);
  });

  it("when a crashed run left one behind on the folder, then the next start stops it first", async () => {
    fs.mkdirSync(path.join(dataDir, "ferretdb", "state"), { recursive: true });
    const port = await findFreePort();
    const orphan = spawn(
      binary,
      [
        "--handler=sqlite",
        `--sqlite-url=file:${path.join(dataDir, "ferretdb", "sqlite")}/`,
        `--listen-addr=127.0.0.1:${port}`,
        `--state-dir=${path.join(dataDir, "ferretdb", "state")}`,
        "--telemetry=disable",
        "--debug-addr=-",
      ],
      { stdio: "ignore" },
    );
    fs.mkdirSync(path.join(dataDir, "ferretdb", "sqlite"), { recursive: true });
    await waitForPort(port);
    const deadOwner = spawnSync("true").pid;
    fs.writeFileSync(pidFile(), JSON.stringify({ pid: orphan.pid, port, owner: deadOwner }));

    const db = await startEmbeddedFerretDb({ binary, storage: { dataDir }, logger });
    try {
      assert.equal(isRunning(orphan.pid!), false, "the leftover was stopped");
      assert.notEqual(db.process.pid, orphan.pid);
      await ping(db.uri);
    } finally {
      await db.process.stop();
    }
  });

  it("when one already runs for a live owner (a running server), then a second start shares it and leaves it running", async () => {
    const first = await startEmbeddedFerretDb({ binary, storage: { dataDir }, logger });
    try {
      // The pid file names this test process as owner; pretend a CLI of another process asks.
      const record = JSON.parse(fs.readFileSync(pidFile(), "utf8"));
      fs.writeFileSync(pidFile(), JSON.stringify({ ...record, owner: process.ppid }));
      const second = await startEmbeddedFerretDb({ binary, storage: { dataDir }, logger });
      assert.equal(second.uri, first.uri);
      assert.equal(second.process.shared, true);
      await second.process.stop();
      assert.equal(isRunning(first.process.pid), true);
      await ping(first.uri);
    } finally {
      await first.process.stop();
    }
  });
});
