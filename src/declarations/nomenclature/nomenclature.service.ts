import { performance } from "node:perf_hooks";
import { Types } from "mongoose";
import type { Logger } from "pino";
import type { HsEntryModel, HsPointerModel } from "./hs-entry.model.ts";
import { readNomenclatureCsv } from "./nomenclature.csv.ts";

export type HsDescription = { code: string; description: string };
/** What the active nomenclature says about a code: each level found (absent when not in it). */
export type HsLookup = { chapter?: HsDescription; heading?: HsDescription; subheading?: HsDescription; line?: HsDescription };
export type ImportProgress = { phase: "validated" | "writing" | "switched" | "done"; done: number; total: number; skipped: number; ms: number };

type Deps = {
  entries: HsEntryModel;
  pointer: HsPointerModel;
  logger: Logger;
  /** How long the in-memory copy is trusted before the pointer is read again (other instances may import). */
  pointerCheckMs?: number;
};

const POINTER_ID = "active";
const BATCH = 1_000;

/**
 * The HS nomenclature the declarations validate against. Imports never leave a half-written
 * nomenclature in use (no transactions on FerretDB): new rows go in under a fresh edition, then
 * the pointer flips to it, then the old edition's rows go. Lookups read an in-memory copy.
 */
export function createNomenclature({ entries, pointer, logger, pointerCheckMs = 5_000 }: Deps) {
  type Cached = { edition: string | null; byCode: Map<string, HsDescription>; checkedAt: number };
  let cache: Cached | null = null;
  let loading: Promise<Cached> | null = null;
  // Bumped by an import in this process: a load begun before it must not install the old edition.
  let generation = 0;

  async function load(): Promise<Cached> {
    const active = await pointer.findById(POINTER_ID).lean();
    const edition = active?.edition ?? null;
    if (cache && cache.edition === edition) return { ...cache, checkedAt: Date.now() };
    const byCode = new Map<string, HsDescription>();
    if (edition) {
      const rows = await entries.find({ edition }).select({ code: 1, description: 1, _id: 0 }).lean();
      for (const { code, description } of rows) byCode.set(code, { code, description });
    }
    return { edition, byCode, checkedAt: Date.now() };
  }

  async function active(): Promise<Cached> {
    if (cache && Date.now() - cache.checkedAt < pointerCheckMs) return cache;
    if (!loading) {
      const startedAt = generation;
      loading = load()
        .then((fresh) => (startedAt === generation ? (cache = fresh) : fresh))
        .finally(() => (loading = null));
    }
    return loading;
  }

  return {
    /** Reads, checks and loads a CSV nomenclature; refuses the whole file (ValidationError, `row.N.field`) before writing anything. */
    async importCsv(path: string, { onProgress }: { onProgress?: (progress: ImportProgress) => void } = {}): Promise<{ imported: number; edition: string }> {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      const { rows, skipped } = await readNomenclatureCsv(path);
      const total = rows.length;
      onProgress?.({ phase: "validated", done: 0, total, skipped, ms: elapsed() });

      const previous = (await pointer.findById(POINTER_ID).lean())?.edition ?? null;
      const edition = new Types.ObjectId().toHexString();
      for (let start = 0; start < total; start += BATCH) {
        const batch = rows.slice(start, start + BATCH).map((row) => ({ ...row, edition }));
        await entries.insertMany(batch, { ordered: false, lean: true });
        onProgress?.({ phase: "writing", done: Math.min(start + BATCH, total), total, skipped, ms: elapsed() });
      }
      await pointer.updateOne({ _id: POINTER_ID }, { $set: { edition, entries: total, importedAt: new Date() } }, { upsert: true });
      // This process already holds the new rows: no need to read them back.
      cache = { edition, byCode: new Map(rows.map(({ code, description }) => [code, { code, description }])), checkedAt: Date.now() };
      generation += 1;
      onProgress?.({ phase: "switched", done: total, total, skipped, ms: elapsed() });
      // The previous edition is no longer read; if this delete is interrupted its rows are only dead weight.
      if (previous && previous !== edition) await entries.deleteMany({ edition: previous });
      onProgress?.({ phase: "done", done: total, total, skipped, ms: elapsed() });
      logger.info({ edition, imported: total, skipped, previous, ms: elapsed() }, "HS nomenclature imported");
      return { imported: total, edition };
    },

    /** Whether a nomenclature is loaded (otherwise validation checks format and chapter only). */
    async isLoaded(): Promise<boolean> {
      return (await active()).edition !== null;
    },

    /**
     * For each code of 2–8 digits: its chapter, heading, subheading and (where the nomenclature has
     * 8-digit lines) national line. Empty when no nomenclature is loaded; malformed codes are left out.
     */
    async lookup(codes: string[]): Promise<Map<string, HsLookup>> {
      const result = new Map<string, HsLookup>();
      const { edition, byCode } = await active();
      if (!edition) return result;
      for (const code of codes) {
        if (!/^\d{2,8}$/.test(code)) continue;
        const found: HsLookup = {};
        const chapter = byCode.get(code.slice(0, 2));
        const heading = code.length >= 4 ? byCode.get(code.slice(0, 4)) : undefined;
        const subheading = code.length >= 6 ? byCode.get(code.slice(0, 6)) : undefined;
        const line = code.length === 8 ? byCode.get(code) : undefined;
        if (chapter) found.chapter = chapter;
        if (heading) found.heading = heading;
        if (subheading) found.subheading = subheading;
        if (line) found.line = line;
        result.set(code, found);
      }
      return result;
    },

    /** The active edition and its size, for the CLI and the console. */
    async status(): Promise<{ edition: string | null; entries: number }> {
      const { edition, byCode } = await active();
      return { edition, entries: byCode.size };
    },
  };
}

export type Nomenclature = ReturnType<typeof createNomenclature>;
