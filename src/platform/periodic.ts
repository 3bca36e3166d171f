import type { Logger } from "pino";

/** Runs `task` every `intervalMs` (never two at once), logging failures; `stop()` ends it. */
export function startPeriodic(name: string, intervalMs: number, task: () => Promise<unknown>, logger: Logger): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    task()
      .then((result) => logger.debug({ job: name, result }, "periodic job done"))
      .catch((error: unknown) => logger.warn({ job: name, err: error }, "periodic job failed"))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
