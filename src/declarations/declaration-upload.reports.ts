import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { mongo, Types, type Connection } from "mongoose";
import { isObjectId } from "../platform/db/ids.ts";

/**
 * The full problem list of a refused upload, as CSV, kept in GridFS (bucket "declaration_reports")
 * so that any app instance can serve its download. Each person keeps only their latest report: a
 * new one replaces the previous, so nothing piles up without a cleaning job.
 */
export function createUploadReports(connection: Connection) {
  const bucket = () => {
    if (!connection.db) throw new Error("the database connection is not open");
    return new mongo.GridFSBucket(connection.db, { bucketName: "declaration_reports" });
  };

  return {
    async save(userId: string, enterpriseId: string, csv: string): Promise<string> {
      const previous = await bucket().find({ "metadata.userId": userId }).toArray();
      const upload = bucket().openUploadStream("problems.csv", { metadata: { userId, enterpriseId } });
      await pipeline(Readable.from([Buffer.from(csv, "utf8")]), upload);
      for (const file of previous) await bucket().delete(file._id).catch(() => undefined);
      return upload.id.toString();
    },

    /** The report's content, only for the person it was made for; null otherwise. */
    async open(userId: string, reportId: string): Promise<Readable | null> {
      if (!isObjectId(reportId)) return null;
      const [file] = await bucket().find({ _id: new Types.ObjectId(reportId), "metadata.userId": userId }).toArray();
      return file ? bucket().openDownloadStream(file._id) : null;
    },
  };
}

export type UploadReports = ReturnType<typeof createUploadReports>;
