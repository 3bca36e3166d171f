import type { Types } from "mongoose";
import type { ReceiptModel } from "./declaration.model.ts";
import { isDuplicateKey } from "../platform/db/ids.ts";

/**
 * The next receipt number of the year, XNK-2026-000123. The highest issued number plus one, inserted
 * under a unique index: two submissions racing for the same number cannot both get it (the loser
 * takes the next). A declaration keeps its first number (a retry finds it).
 */
export async function issueReceiptNumber(receipts: ReceiptModel, declarationId: Types.ObjectId, at: Date): Promise<string> {
  const year = new Date(at.getTime() + 7 * 60 * 60 * 1000).getUTCFullYear(); // the year in Vietnam
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const existing = await receipts.findOne({ declarationId }).lean();
    if (existing) return existing.number;
    const last = await receipts.findOne({ year }, { number: 1 }).sort({ number: -1 }).lean();
    const next = last ? Number(last.number.slice(-6)) + 1 : 1;
    const number = `XNK-${year}-${String(next).padStart(6, "0")}`;
    try {
      await receipts.create({ number, declarationId, year, issuedAt: at });
      return number;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
  throw new Error("could not issue a receipt number after 20 attempts");
}
