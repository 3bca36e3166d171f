import { Schema, type Connection, type Model } from "mongoose";

export interface Category {
  slug: string;
  parent: string | null;
  name: { vi: string; en: string };
  position: number;
  /** Retired categories stay on the listings (and sectors) that carry them but are no longer offered. */
  retired: boolean;
}

/** A node of the two-level product taxonomy; `parent` is null on the first level. */
const categorySchema = new Schema<Category>(
  {
    slug: { type: String, required: true, unique: true },
    parent: { type: String, default: null },
    name: { vi: { type: String, required: true }, en: { type: String, required: true } },
    position: { type: Number, required: true },
    retired: { type: Boolean, default: false },
  },
  { strict: "throw", timestamps: true },
);

export type CategoryModel = Model<Category>;

export function categoryModel(connection: Connection): CategoryModel {
  return (connection.models.Category as CategoryModel | undefined) ?? connection.model<Category>("Category", categorySchema);
}
