import type { Logger } from "pino";

const STOP_SIGNALS = ["SIGTERM", "SIGINT"] as const;

/**
 * Stops the process once, in order, on the first SIGTERM or SIGINT, then exits 0. Later signals
 * are logged and ignored: `npm start` forwards the SIGTERM it receives to us, so a process manager
 * signalling the whole group delivers two, and people press Ctrl-C twice; node's default handler
 * would otherwise kill us before the helpers are stopped. If the orderly stop fails or outlasts
 * `deadlineMs`, `lastResort` (stop the embedded FerretDB) runs and the process exits 1.
 */
export function stopOnSignals(options: {
  logger: Logger;
  deadlineMs: number;
  stop: () => Promise<void>;
  lastResort: () => Promise<void>;
}): void {
  const { logger, deadlineMs } = options;
  let stopping = false;
  let settled = false;
  let deadline: NodeJS.Timeout | undefined;

  const finish = async (outcome: { ok: true } | { ok: false; reason: string; error?: unknown }) => {
    if (settled) return;
    settled = true;
    clearTimeout(deadline);
    if (outcome.ok) {
      logger.info("stopped");
      process.exit(0);
    }
    logger.error({ err: outcome.error, deadlineMs }, `shutdown ${outcome.reason}: stopping the helpers and exiting`);
    await options.lastResort().catch((error: unknown) => logger.error({ err: error }, "last-resort stop failed"));
    process.exit(1);
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "already shutting down; signal ignored");
      return;
    }
    stopping = true;
    logger.info({ signal }, "shutting down");
    deadline = setTimeout(() => void finish({ ok: false, reason: "passed its deadline" }), deadlineMs);
    void options.stop().then(
      () => finish({ ok: true }),
      (error: unknown) => finish({ ok: false, reason: "failed", error }),
    );
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
}
