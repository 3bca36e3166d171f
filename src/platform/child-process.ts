import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import type { Logger } from "pino";
import { waitForPort } from "./net.ts";

/** A started helper server; `shared` when another live process of ours started it (stop() then leaves it running). */
export type ManagedProcess = { readonly pid: number; readonly port: number; readonly shared: boolean; stop(): Promise<void> };

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * Runs the helper under a parent-death watch, in POSIX sh so nothing is downloaded or built: the
 * shell keeps its stdin (a pipe from us) on fd 3, forks a watcher that blocks reading it, and
 * `exec`s the helper, which keeps the shell's pid (so `child.pid`, the pid file and /proc's cmdline
 * name the helper itself). When our end of the pipe closes (stop(), or this process dying in any
 * way, SIGKILL included), the watcher reads EOF and sends the helper SIGTERM. Node cannot set
 * prctl(PR_SET_PDEATHSIG), and a Go binary we do not build will not watch its parent itself.
 * (`ps` lists the watcher too, as `/bin/sh -c … <binary> …`: it is the fork, not a second helper.)
 */
const SUPERVISED = 'exec 3<&0 </dev/null; { read -r _ <&3; kill -TERM $$; } >/dev/null 2>&1 & exec "$0" "$@" 3<&-';

/** `owner` is the pid of the process that started the helper and stops it on shutdown. */
type PidRecord = { pid: number; port: number; owner: number };

/**
 * Looks at the pid file of an earlier start. A copy whose owner still lives (a running server,
 * when a CLI starts beside it) is returned for sharing; one whose owner died (a crash) is stopped.
 */
async function inspectEarlier(pidFile: string, binary: string, logger: Logger): Promise<PidRecord | null> {
  if (!fs.existsSync(pidFile)) return null;
  let record: PidRecord | null = null;
  try {
    record = JSON.parse(fs.readFileSync(pidFile, "utf8")) as PidRecord;
  } catch {
    record = null;
  }
  const pid = record?.pid ?? 0;
  const cmdline = isRunning(pid) && fs.existsSync(`/proc/${pid}/cmdline`) ? fs.readFileSync(`/proc/${pid}/cmdline`, "utf8") : "";
  if (!record || !cmdline.includes(binary)) {
    fs.rmSync(pidFile, { force: true });
    return null;
  }
  if (record.owner !== process.pid && isRunning(record.owner)) return record;
  logger.warn({ pid }, "stopping a process left by an earlier run");
  process.kill(pid, "SIGTERM");
  if (!(await waitForExit(pid, 5_000))) process.kill(pid, "SIGKILL");
  fs.rmSync(pidFile, { force: true });
  return null;
}

/**
 * Starts a helper server (FerretDB, stripe-mock) as a child process, waits until its port
 * answers, and keeps a pid file so that a later run can stop a copy a crash left behind, or
 * share the copy a running server owns (`port` is then that copy's port).
 */
export async function startManagedProcess(options: {
  name: string;
  binary: string;
  port: () => Promise<number>;
  args: (port: number) => string[];
  pidFile: string;
  logger: Logger;
  timeoutMs?: number;
}): Promise<ManagedProcess> {
  const { name, binary, pidFile, logger } = options;
  const earlier = await inspectEarlier(pidFile, binary, logger);
  if (earlier) {
    logger.info({ process: name, ...earlier }, "sharing the copy a running process started");
    return { pid: earlier.pid, port: earlier.port, shared: true, async stop() {} };
  }
  const port = await options.port();
  // Its own process group: a Ctrl-C or a group-wide SIGTERM meant for us must not stop the helper
  // before our orderly shutdown has closed the connections to it; the watch above stops it after.
  const child: ChildProcess = spawn("/bin/sh", ["-c", SUPERVISED, binary, ...options.args(port)], {
    stdio: ["pipe", "pipe", "pipe"],
    detached: true,
  });
  const releaseWatch = () => child.stdin?.destroy();
  const recentOutput: string[] = [];
  const remember = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
      recentOutput.push(line);
      if (recentOutput.length > 20) recentOutput.shift();
      logger.debug({ process: name }, line);
    }
  };
  child.stdout?.on("data", remember);
  child.stderr?.on("data", remember);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      // At once, so that the watcher's SIGTERM cannot reach a process that reused the pid.
      releaseWatch();
      resolve();
    }),
  );
  child.once("error", (error) => recentOutput.push(String(error)));
  try {
    await waitForPort(port, { timeoutMs: options.timeoutMs ?? 30_000, isAlive: () => !exited && child.pid !== undefined });
  } catch (error) {
    child.kill("SIGKILL");
    releaseWatch();
    throw new Error(`${name} did not start: ${(error as Error).message}\n${recentOutput.join("\n")}`);
  }
  fs.writeFileSync(pidFile, JSON.stringify({ pid: child.pid!, port, owner: process.pid } satisfies PidRecord));
  let stopped: Promise<void> | undefined;
  const stop = async () => {
    if (!exited) {
      // Closing the pipe makes the watcher send SIGTERM (one signal: a second one would kill a Go
      // program at once, past its own graceful stop).
      releaseWatch();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exit;
      clearTimeout(timer);
    }
    fs.rmSync(pidFile, { force: true });
  };
  return {
    pid: child.pid!,
    port,
    shared: false,
    // Idempotent: a shutdown deadline may stop the helper while the orderly close is still stopping it.
    stop: () => (stopped ??= stop()),
  };
}
