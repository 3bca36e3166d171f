import fs from "node:fs";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { mongo, Types, type Connection } from "mongoose";

/**
 * Uploaded import files in GridFS (bucket "imports"): any app instance can run the job, and a
 * file of 20 MB is streamed in and out, never held in memory.
 */
export function createImportFiles(connection: Connection) {
  const bucket = () => {
    if (!connection.db) throw new Error("the database connection is not open");
    return new mongo.GridFSBucket(connection.db, { bucketName: "imports" });
  };

  return {
    async save(path: string, fileName: string): Promise<Types.ObjectId> {
      const upload = bucket().openUploadStream(fileName);
      await pipeline(fs.createReadStream(path), upload);
      return upload.id as Types.ObjectId;
    },

    open(id: Types.ObjectId): Readable {
      return bucket().openDownloadStream(id);
    },

    async remove(id: Types.ObjectId): Promise<void> {
      await bucket()
        .delete(id)
        .catch((error: unknown) => {
          if (!(error instanceof Error && /not found/i.test(error.message))) throw error;
        });
    },
  };
}

export type ImportFiles = ReturnType<typeof createImportFiles>;
