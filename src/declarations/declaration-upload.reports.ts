import type { Readable } from "node:stream";
import { Types, type Connection } from "mongoose";
import { isObjectId } from "../platform/db/ids.ts";
import { createFileStore } from "../platform/files/file-store.ts";

/**
 * The full problem list of a refused upload, as CSV, kept in GridFS (bucket "declaration_reports")
 * so that any app instance can serve its download. Each person keeps only their latest report: a
 * new one replaces the previous, so nothing piles up without a cleaning job.
 */
export function createUploadReports(connection: Connection) {
  const files = createFileStore(connection, "declaration_reports");

  return {
    async save(userId: string, enterpriseId: string, csv: string): Promise<string> {
      const previous = await files.find({ "metadata.userId": userId });
      const id = await files.save("problems.csv", Buffer.from(csv, "utf8"), { metadata: { userId, enterpriseId } });
      for (const file of previous) await files.remove(file.id).catch(() => undefined);
      return id.toString();
    },

    /** The report's content, only for the person it was made for; null otherwise. */
    async open(userId: string, reportId: string): Promise<Readable | null> {
      if (!isObjectId(reportId)) return null;
      const [file] = await files.find({ _id: new Types.ObjectId(reportId), "metadata.userId": userId }, 1);
      return file ? files.open(file.id) : null;
    },
  };
}

export type UploadReports = ReturnType<typeof createUploadReports>;
