import type { Options, Store, IncrementResponse } from "express-rate-limit";
import { trusted, type Connection } from "mongoose";

type Counter = { _id: string; hits: number; resetAt: Date };

/**
 * An express-rate-limit store in MongoDB, so every app instance counts together. Each hit is one
 * atomic update: increment a live window, or start a new one when it has ended.
 */
export class MongoRateLimitStore implements Store {
  localKeys = false;
  private windowMs = 60_000;

  constructor(
    private readonly connection: Connection,
    readonly prefix: string,
  ) {}

  private get counters() {
    return this.connection.collection<Counter>("rate_limits");
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<IncrementResponse> {
    const id = this.prefix + key;
    const now = new Date();
    const live = await this.counters.findOneAndUpdate(
      { _id: id, resetAt: trusted({ $gt: now }) },
      { $inc: { hits: 1 } },
      { returnDocument: "after" },
    );
    if (live) return { totalHits: live.hits, resetTime: live.resetAt };
    const resetAt = new Date(now.getTime() + this.windowMs);
    const fresh = await this.counters.findOneAndUpdate(
      { _id: id },
      { $set: { hits: 1, resetAt } },
      { upsert: true, returnDocument: "after" },
    );
    return { totalHits: fresh?.hits ?? 1, resetTime: fresh?.resetAt ?? resetAt };
  }

  async decrement(key: string): Promise<void> {
    await this.counters.updateOne({ _id: this.prefix + key }, { $inc: { hits: -1 } });
  }

  async resetKey(key: string): Promise<void> {
    await this.counters.deleteOne({ _id: this.prefix + key });
  }
}

/** Removes counters whose window has ended (FerretDB has no TTL indexes); run periodically. */
export async function deleteExpiredRateLimits(connection: Connection): Promise<number> {
  const { deletedCount } = await connection.collection<Counter>("rate_limits").deleteMany({ resetAt: { $lte: new Date() } });
  return deletedCount;
}
