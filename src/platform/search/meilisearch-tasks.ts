import type { EnqueuedTaskPromise, Meilisearch, Task } from "meilisearch";

const FINISHED = new Set(["succeeded", "failed", "canceled"]);

/**
 * Waits for Meilisearch tasks by polling them, 5 ms at first and up to 50 ms apart. The client's own
 * `waitTask` leaves an abort listener behind on every poll (Node warns past ten), and polls at a
 * fixed pace; this one polls what one task needs.
 */
export function createTaskWaiter(client: Meilisearch, timeoutMs: number) {
  return async function waitFor(task: EnqueuedTaskPromise | number): Promise<Task> {
    const uid = typeof task === "number" ? task : (await task).taskUid;
    const deadline = Date.now() + timeoutMs;
    for (let pause = 5; ; pause = Math.min(50, pause * 1.5)) {
      const current = await client.tasks.getTask(uid);
      if (FINISHED.has(current.status)) return current;
      if (Date.now() > deadline) throw new Error(`Meilisearch task ${uid} still ${current.status} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  };
}

export type TaskWaiter = ReturnType<typeof createTaskWaiter>;
