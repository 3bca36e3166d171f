import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT } from "../../src/platform/paths.ts";

export type Finished = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

type Running = { child: ChildProcess; finished: Promise<Finished>; output: () => string };

function run(command: string, args: string[], env: Record<string, string>, options: { detached?: boolean } = {}): Running {
  const child = spawn(command, args, {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.detached ?? false,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const finished = new Promise<Finished>((resolve) =>
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, finished, output: () => stdout + stderr };
}

/** Runs one of our TypeScript entry points as a real process (`node --import tsx file`). */
export function runScript(file: string, args: string[], env: Record<string, string>): Running {
  return run(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, file), ...args], env);
}

/**
 * Runs `npm run <script>` as a process manager would: detached, so npm leads its own process group
 * and the test can signal the whole group (`process.kill(-child.pid, signal)`).
 */
export function runNpm(script: string, env: Record<string, string>): Running {
  return run("npm", ["run", script], { npm_config_update_notifier: "false", ...env }, { detached: true });
}

/** Waits until `pattern` appears in what the process printed, or fails with what it printed. */
export async function waitForOutput(output: () => string, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = output().match(pattern);
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${pattern}; the process printed:\n${output()}`);
}
