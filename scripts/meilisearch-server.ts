/**
 * Starts a Meilisearch binary (the shared copy, see meilisearch-copy.ts) for the test harness and
 * the benchmarks. Not for production, which runs a Meilisearch server of its own (MEILI_HOST).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Logger } from "pino";
import { startManagedProcess, type ManagedProcess } from "../src/platform/child-process.ts";
import { findFreePort } from "../src/platform/net.ts";

/** A RAM-backed folder when the machine has one: Meilisearch's LMDB writes a lot for small tests. */
const scratchRoot = () => (fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir());

/**
 * A Meilisearch this run started, on a free loopback port with its own data folder and a random
 * master key. `freeze`/`kill`/`restart` let a test take it down as an outage would (SIGSTOP,
 * SIGKILL) and bring it back on the same folder and port.
 */
export type StartedMeilisearch = {
  readonly url: string;
  readonly masterKey: string;
  readonly dataDir: string;
  pid(): number;
  freeze(): void;
  thaw(): void;
  /** SIGKILL, as a crash or the OOM killer would; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same data folder and port. */
  restart(): Promise<void>;
  /** Stops it and removes its data folder. */
  stop(): Promise<void>;
};

export async function startMeilisearch(binary: string, logger: Logger): Promise<StartedMeilisearch> {
  const dataDir = fs.mkdtempSync(path.join(scratchRoot(), "meilisearch-"));
  const masterKey = randomBytes(24).toString("hex");
  const port = await findFreePort();
  const launch = () =>
    startManagedProcess({
      name: "meilisearch",
      binary,
      port: async () => port,
      args: (p) => [
        "--db-path", path.join(dataDir, "db"),
        "--dump-dir", path.join(dataDir, "dumps"),
        "--snapshot-dir", path.join(dataDir, "snapshots"),
        "--http-addr", `127.0.0.1:${p}`,
        "--master-key", masterKey,
        "--no-analytics",
        "--env", "development",
        "--log-level", "WARN",
        // Meilisearch's default budget is two thirds of the RAM, prepared for every batch: measured here, a
        // one-document task took ~1 s with it and ~50 ms with 256 MiB (plenty for tests and benchmarks).
        "--max-indexing-memory", "256MiB",
      ],
      pidFile: path.join(dataDir, "meilisearch.pid"),
      logger,
    });
  let current: ManagedProcess = await launch();
  const signal = (name: NodeJS.Signals) => process.kill(current.pid, name);
  return {
    url: `http://127.0.0.1:${port}`,
    masterKey,
    dataDir,
    pid: () => current.pid,
    freeze: () => signal("SIGSTOP"),
    thaw: () => signal("SIGCONT"),
    async kill() {
      signal("SIGKILL");
      // stop() waits for the exit our kill caused and removes the pid file.
      await current.stop();
    },
    async restart() {
      current = await launch();
    },
    async stop() {
      try {
        process.kill(current.pid, "SIGCONT");
      } catch {
        // already gone
      }
      await current.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

