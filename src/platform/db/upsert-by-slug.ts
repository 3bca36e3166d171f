import type { Model } from "mongoose";

type Doc = Record<string, unknown> & { slug: string };

/**
 * Update operations skip schema validation, so each document is checked against its model first: a typo in
 * seed data fails loudly here (strict "throw" rejects unknown fields) instead of landing in the database.
 */
async function assertValid(model: Model<any>, doc: Doc): Promise<void> {
  try {
    await new model(doc).validate();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${model.modelName} "${doc.slug}" does not match its schema: ${reason}`, { cause: error });
  }
}

/**
 * FerretDB 1.24 (SQLite) silently drops top-level nulls and empty arrays from `$setOnInsert` when it inserts
 * (`verifiedAt: null`, `certifications: []`…); `$set` on the new document keeps them. These are the fields to
 * write again on documents this run inserted.
 */
function nullOrEmptyFields(doc: Doc): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([, value]) => value === null || (Array.isArray(value) && value.length === 0)));
}

/**
 * Inserts the documents whose slug is not there yet and leaves existing ones untouched (someone may have
 * edited them): idempotent and deterministic, so a second run inserts nothing and changes nothing.
 * Timestamps come from the data. Returns how many were inserted.
 */
export async function upsertBySlug(model: Model<any>, docs: Doc[]): Promise<number> {
  for (const doc of docs) await assertValid(model, doc);
  if (docs.length === 0) return 0;
  const result = await model.bulkWrite(
    docs.map((doc) => ({ updateOne: { filter: { slug: doc.slug }, update: { $setOnInsert: doc }, upsert: true, timestamps: false } })),
    { ordered: true },
  );
  // Only documents inserted just now, so a later run still sends nothing that could change a document.
  const repairs = Object.entries(result.upsertedIds ?? {}).flatMap(([index, _id]) => {
    const fields = nullOrEmptyFields(docs[Number(index)]!);
    return Object.keys(fields).length === 0 ? [] : [{ updateOne: { filter: { _id }, update: { $set: fields }, timestamps: false } }];
  });
  if (repairs.length > 0) await model.bulkWrite(repairs, { ordered: true });
  return result.upsertedCount;
}
