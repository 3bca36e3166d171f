import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Logger } from "pino";
import { startManagedProcess, type ManagedProcess } from "../child-process.ts";
import { findFreePort } from "../net.ts";

/** A RAM-backed folder when the system has one (Linux /dev/shm), else the OS temp folder. */
function fastTempDir(): string {
  try {
    fs.accessSync("/dev/shm", fs.constants.W_OK);
    return "/dev/shm";
  } catch {
    return os.tmpdir();
  }
}

/** `folder` holds the SQLite files, the state dir and the pid file. */
export type EmbeddedFerretDb = { uri: string; folder: string; process: ManagedProcess };

/**
 * Starts FerretDB (MongoDB wire protocol over SQLite) on a free loopback port. SQLite files live
 * in `<dataDir>/ferretdb`, or with `storage: "temporary"` (tests) in a throwaway folder — on
 * /dev/shm when there is one — removed on stop. Not SQLite's in-memory mode: with
 * `--sqlite-url=file:./?mode=memory`, FerretDB 1.24.2 never answers an update of an existing
 * document (reproduced with updateOne and findOneAndUpdate). The state dir, and the pid file
 * that lets the next run stop a copy a crash left behind, sit beside them.
 */
export async function startEmbeddedFerretDb(options: {
  binary: string;
  storage: { dataDir: string } | "temporary";
  logger: Logger;
}): Promise<EmbeddedFerretDb> {
  const { binary, storage, logger } = options;
  const temporary = storage === "temporary";
  const root = temporary ? fs.mkdtempSync(path.join(fastTempDir(), "ferretdb-")) : path.join(storage.dataDir, "ferretdb");
  const stateDir = path.join(root, "state");
  const sqliteDir = path.join(root, "sqlite");
  fs.mkdirSync(stateDir, { recursive: true });
  fs.mkdirSync(sqliteDir, { recursive: true });
  const started = await startManagedProcess({
    name: "ferretdb",
    binary,
    port: () => findFreePort(),
    pidFile: path.join(stateDir, "ferretdb.pid"),
    logger,
    args: (port) => [
      "--handler=sqlite",
      `--sqlite-url=file:${sqliteDir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${stateDir}`,
      "--telemetry=disable",
      "--debug-addr=-",
      "--log-level=warn",
    ],
  });
  const { port } = started;
  logger.info({ port, shared: started.shared, storage: sqliteDir }, "embedded FerretDB started");
  const process: ManagedProcess = {
    ...started,
    async stop() {
      await started.stop();
      if (temporary) fs.rmSync(root, { recursive: true, force: true });
    },
  };
  return { uri: `mongodb://127.0.0.1:${port}/`, folder: root, process };
}
