import { trusted } from "mongoose";
import type { Logger } from "../../platform/logger.ts";
import type { ImportJobModel } from "./import.model.ts";
import type { RunnableJob } from "./import.job.ts";

/**
 * The in-process job runner: one import at a time, claimed atomically from the queued jobs (so
 * several app instances can share the queue), started when a job is queued. No timer runs while
 * it is idle; `stop()` asks the running job to stop between rows and waits for it.
 */
export function createImportRunner({
  jobs,
  run,
  logger,
  staleAfterMs = 10 * 60_000,
}: {
  jobs: ImportJobModel;
  run: (job: RunnableJob, shouldStop: () => boolean) => Promise<void>;
  logger: Logger;
  staleAfterMs?: number;
}) {
  let loop: Promise<void> | null = null;
  let again = false;
  let stopping = false;

  const claim = async (): Promise<RunnableJob | null> => {
    const now = new Date();
    return jobs
      .findOneAndUpdate({ status: "queued" }, { $set: { status: "running", startedAt: now, heartbeatAt: now } }, { sort: { queuedAt: 1, _id: 1 }, returnDocument: "after" })
      .lean<RunnableJob>();
  };

  /** Jobs left running by a process that died (no heartbeat for `staleAfterMs`): failed, their progress says which rows were written. */
  const failStale = () =>
    jobs.updateMany(
      { status: "running", heartbeatAt: trusted({ $lt: new Date(Date.now() - staleAfterMs) }) },
      { $set: { status: "failed", finishedAt: new Date(), failure: { key: "import.failure.interrupted", detail: "" } } },
    );

  async function drain(): Promise<void> {
    await failStale();
    do {
      again = false;
      for (let job = await claim(); job && !stopping; job = stopping ? null : await claim()) {
        await run(job, () => stopping);
      }
    } while (again && !stopping);
  }

  return {
    /** Starts working through the queue unless already at it. */
    kick(): void {
      if (stopping) return;
      again = true;
      if (loop) return;
      loop = drain()
        .catch((error: unknown) => logger.error({ err: error }, "import runner stopped on an error"))
        .finally(() => {
          loop = null;
        });
    },

    /** At start-up: fails the jobs a dead process left running and resumes the queue. */
    async resume(): Promise<number> {
      const { modifiedCount } = await failStale();
      this.kick();
      return modifiedCount;
    },

    /** Stops taking jobs; the running one stops at its next row and is marked failed. */
    async stop(): Promise<void> {
      stopping = true;
      await loop;
    },
  };
}

export type ImportRunner = ReturnType<typeof createImportRunner>;
