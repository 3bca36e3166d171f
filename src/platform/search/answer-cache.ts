/**
 * The embedded engine's answers to recent queries, least recently used dropped first. Every write
 * clears it (a write may change any answer: a total, a facet count, a rank), so an answer is never
 * older than the index. Callers treat cached answers as read-only: the same object is handed out again.
 */
export function createAnswerCache<V>(initialSize: number) {
  let size = initialSize;
  const entries = new Map<string, V>();
  return {
    get(key: string, compute: () => V): V {
      if (size <= 0) return compute();
      const hit = entries.get(key);
      if (hit !== undefined) {
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const value = compute();
      entries.set(key, value);
      if (entries.size > size) entries.delete(entries.keys().next().value!);
      return value;
    },
    delete(key: string): void {
      entries.delete(key);
    },
    clear(): void {
      entries.clear();
    },
    resize(entries_: number): void {
      size = entries_;
      entries.clear();
    },
  };
}
