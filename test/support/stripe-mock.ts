import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Logger } from "pino";
import { startManagedProcess, type ManagedProcess } from "../../src/platform/child-process.ts";
import { findFreePort } from "../../src/platform/net.ts";

/** Starts stripe-mock (Stripe's official API mock) on a free loopback port; returns its base URL. */
export async function startStripeMock(binary: string, logger: Logger): Promise<{ url: string; process: ManagedProcess }> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "stripe-mock-"));
  // stripe-mock also opens HTTPS on a fixed port (12112) unless told otherwise: two runs would collide.
  const httpsPort = await findFreePort();
  const started = await startManagedProcess({
    name: "stripe-mock",
    binary,
    port: () => findFreePort(),
    args: (port) => ["-http-addr", `127.0.0.1:${port}`, "-https-addr", `127.0.0.1:${httpsPort}`],
    pidFile: path.join(stateDir, "stripe-mock.pid"),
    logger,
  });
  return {
    url: `http://127.0.0.1:${started.port}`,
    process: {
      ...started,
      async stop() {
        await started.stop();
        fs.rmSync(stateDir, { recursive: true, force: true });
      },
    },
  };
}
