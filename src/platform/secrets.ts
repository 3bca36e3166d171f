import { createHash, randomBytes } from "node:crypto";

/** A random URL-safe token with 256 bits of entropy. */
export const randomToken = (prefix = "") => `${prefix}${randomBytes(32).toString("base64url")}`;

/** SHA-256 of a high-entropy token: enough to store it (no salt or slow hash needed for random tokens). */
export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
