import fs from "node:fs";
import type { Connection } from "mongoose";
import { createFileStore } from "../../platform/files/file-store.ts";

/**
 * Uploaded import files in GridFS (bucket "imports"): any app instance can run the job, and a
 * file of 20 MB is streamed in from its temporary path and out again, never held in memory.
 */
export function createImportFiles(connection: Connection) {
  const files = createFileStore(connection, "imports");
  return {
    save: (path: string, fileName: string) => files.save(fileName, fs.createReadStream(path)),
    open: files.open,
    remove: files.remove,
  };
}

export type ImportFiles = ReturnType<typeof createImportFiles>;
