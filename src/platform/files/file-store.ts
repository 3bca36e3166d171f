import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { mongo, Types, type Connection } from "mongoose";

export type StoredFile = { id: Types.ObjectId; name: string; length: number; metadata: Record<string, unknown> };

/**
 * Files in one GridFS bucket: shared by every app instance (never a local disk), streamed in and
 * out. The areas keep their own buckets (images, imports, declaration files, reports) and rules;
 * this is the one place that talks to GridFS.
 */
export function createFileStore(connection: Connection, bucketName: string) {
  const bucket = () => {
    if (!connection.db) throw new Error("the database connection is not open");
    return new mongo.GridFSBucket(connection.db, { bucketName });
  };
  const toStored = (file: mongo.GridFSFile): StoredFile => ({ id: file._id, name: file.filename, length: file.length, metadata: file.metadata ?? {} });

  return {
    /** Stores `content` (a buffer, or a stream read to its end) and returns the file's id. */
    async save(name: string, content: Buffer | Readable, options: { id?: Types.ObjectId; metadata?: Record<string, unknown> } = {}): Promise<Types.ObjectId> {
      const id = options.id ?? new Types.ObjectId();
      const upload = bucket().openUploadStreamWithId(id, name, { metadata: options.metadata });
      await pipeline(Buffer.isBuffer(content) ? Readable.from([content]) : content, upload);
      return id;
    },

    /** The files matching `filter` (GridFS file fields: `filename`, `metadata.…`, `_id`). */
    async find(filter: Record<string, unknown>, limit = 0): Promise<StoredFile[]> {
      return (await bucket().find(filter, limit ? { limit } : {}).toArray()).map(toStored);
    },

    open(id: Types.ObjectId): Readable {
      return bucket().openDownloadStream(id);
    },

    /** Removes the file; one already gone is not an error (a retry, or another instance, removed it). */
    async remove(id: Types.ObjectId): Promise<void> {
      await bucket()
        .delete(id)
        .catch((error: unknown) => {
          if (!(error instanceof Error && /not found/i.test(error.message))) throw error;
        });
    },
  };
}

export type FileStore = ReturnType<typeof createFileStore>;
