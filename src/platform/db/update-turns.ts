/**
 * Turns for updates, one lane per collection (a reader–writer lock keyed by collection). An
 * update that can only touch known documents (its filter pins `_id`) holds those documents' keys;
 * any other update holds its whole collection, after the document updates in flight there have
 * settled. Granted in arrival order, except that a document update may pass one still waiting for
 * a *different* document; nothing passes a waiting whole-collection update, so none starves.
 *
 * Mode "global" is the guard this replaced (every update of the process in one queue), kept so the
 * benchmark can measure both in one run.
 */
export type UpdateTurnsMode = "global" | "per-document";

/** What an update may touch: some documents of a collection (by key), or all of it. */
export type UpdateScope = { collection: string; documents: string[] | "all" };

type Waiter = { documents: string[] | "all"; grant: () => void };

class Lane {
  readonly held = new Set<string>();
  wholeHeld = false;
  readonly waiting: Waiter[] = [];

  get idle(): boolean {
    return !this.wholeHeld && this.held.size === 0 && this.waiting.length === 0;
  }

  /** Grants every waiter that may start now, in order. */
  pump(): void {
    const claimedByEarlier = new Set<string>();
    for (let i = 0; i < this.waiting.length && !this.wholeHeld; ) {
      const waiter = this.waiting[i]!;
      if (waiter.documents === "all") {
        if (i === 0 && this.held.size === 0) {
          this.waiting.shift();
          this.wholeHeld = true;
          waiter.grant();
        }
        return;
      }
      if (waiter.documents.some((key) => this.held.has(key) || claimedByEarlier.has(key))) {
        for (const key of waiter.documents) claimedByEarlier.add(key);
        i += 1;
        continue;
      }
      this.waiting.splice(i, 1);
      for (const key of waiter.documents) this.held.add(key);
      waiter.grant();
    }
  }

  release(documents: string[] | "all"): void {
    if (documents === "all") this.wholeHeld = false;
    else for (const key of documents) this.held.delete(key);
    this.pump();
  }
}

export class UpdateTurns {
  private readonly lanes = new Map<string, Lane>();

  constructor(readonly mode: UpdateTurnsMode) {}

  /** Runs `task` once no update in flight may touch what it may touch. */
  async run<T>(scope: UpdateScope, task: () => Promise<T>): Promise<T> {
    const name = this.mode === "global" ? "" : scope.collection;
    // Keys are sets: a bulk write naming one document twice holds it once.
    const documents = this.mode === "global" || scope.documents === "all" ? "all" : [...new Set(scope.documents)];
    let lane = this.lanes.get(name);
    if (!lane) this.lanes.set(name, (lane = new Lane()));
    await new Promise<void>((grant) => {
      lane.waiting.push({ documents, grant });
      lane.pump();
    });
    try {
      return await task();
    } finally {
      lane.release(documents);
      if (lane.idle) this.lanes.delete(name);
    }
  }
}
