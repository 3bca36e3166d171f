import type { Readable } from "node:stream";
import { Types, type Connection } from "mongoose";
import sharp from "sharp";
import { AppError } from "../errors.ts";
import { isObjectId } from "../db/ids.ts";
import { createFileStore } from "../files/file-store.ts";

/** The renditions kept of every image, by their width in pixels; served as `/anh/<id>/<size>.webp`. */
export const IMAGE_SIZES = { "1200": 1200, "400": 400 } as const;
/** A banner's extra rendition: 1600×400, cover-cropped (stored only when `save(buffer, { banner: true })`). */
export const BANNER_SIZE = "1600";
const BANNER_BOX = { width: 1600, height: 400 } as const;
export type ImageSize = keyof typeof IMAGE_SIZES | typeof BANNER_SIZE;
export const isImageSize = (value: string): value is ImageSize => Object.hasOwn(IMAGE_SIZES, value) || value === BANNER_SIZE;

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const ACCEPTED_FORMATS = new Set(["jpeg", "png", "webp"]);

/** An upload that is not a JPEG, PNG or WebP image, judged by its content (not its name). */
export class UnsupportedImageError extends AppError {
  constructor() {
    super(422, "image_unsupported", "images.errors.unsupported");
  }
}

export type StoredImage = { stream: Readable; length: number; etag: string };

/**
 * Images in GridFS (shared by every app instance): each upload is checked by its content with
 * sharp, and kept as WebP renditions 1200 px and 400 px wide (never enlarged); banners also 1600×400. Files are named
 * `<imageId>/<size>.webp`; an image id is never reused, so its renditions are immutable.
 */
export function createImageStore(connection: Connection) {
  const files = createFileStore(connection, "images");

  async function render(buffer: Buffer, width: number): Promise<Buffer> {
    return sharp(buffer, { failOn: "error" }).rotate().resize({ width, withoutEnlargement: true }).webp({ quality: 82 }).toBuffer();
  }

  async function renderBanner(buffer: Buffer): Promise<Buffer> {
    return sharp(buffer, { failOn: "error" }).rotate().resize({ ...BANNER_BOX, fit: "cover", position: "centre" }).webp({ quality: 82 }).toBuffer();
  }

  return {
    /** Checks the content is a JPEG, PNG or WebP image; throws UnsupportedImageError otherwise. */
    async inspect(buffer: Buffer): Promise<{ format: string; width: number; height: number }> {
      try {
        const meta = await sharp(buffer).metadata();
        if (!meta.format || !ACCEPTED_FORMATS.has(meta.format) || !meta.width || !meta.height) throw new UnsupportedImageError();
        return { format: meta.format, width: meta.width, height: meta.height };
      } catch (error) {
        if (error instanceof UnsupportedImageError) throw error;
        throw new UnsupportedImageError();
      }
    },

    /** Stores the renditions of an image and returns its id; a banner also gets the 1600×400 cover crop. */
    async save(buffer: Buffer, options: { banner?: boolean } = {}): Promise<string> {
      await this.inspect(buffer);
      const imageId = new Types.ObjectId().toString();
      const jobs: Promise<readonly [string, Buffer]>[] = Object.entries(IMAGE_SIZES).map(async ([size, width]) => [size, await render(buffer, width)] as const);
      if (options.banner) jobs.push(renderBanner(buffer).then((data) => [BANNER_SIZE, data] as const));
      const renditions = await Promise.all(jobs).catch(() => {
        throw new UnsupportedImageError();
      });
      for (const [size, data] of renditions) await files.save(`${imageId}/${size}.webp`, data, { metadata: { imageId, size } });
      return imageId;
    },

    /** A rendition to stream, or null when there is no such image. */
    async open(imageId: string, size: ImageSize): Promise<StoredImage | null> {
      if (!isObjectId(imageId) || !isImageSize(size)) return null;
      const [file] = await files.find({ filename: `${imageId}/${size}.webp` }, 1);
      if (!file) return null;
      return { stream: files.open(file.id), length: file.length, etag: `"${imageId}-${size}"` };
    },

    /** Removes every rendition of an image (missing ones are fine: deleting twice is harmless). */
    async delete(imageId: string): Promise<void> {
      if (!isObjectId(imageId)) return;
      for (const size of [...Object.keys(IMAGE_SIZES), BANNER_SIZE]) {
        for (const file of await files.find({ filename: `${imageId}/${size}.webp` })) await files.remove(file.id);
      }
    },
  };
}

export type ImageStore = ReturnType<typeof createImageStore>;
