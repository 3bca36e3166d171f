import type { RequestHandler } from "express";
import session from "express-session";
import MongoStore from "connect-mongo";
import type { Connection } from "mongoose";

declare module "express-session" {
  interface SessionData {
    signedInAt?: number;
    authVersion?: number;
  }
}

export const sessionCookieName = (production: boolean) => (production ? "__Host-sid" : "sid");

/**
 * Sessions in MongoDB (shared by every app instance). The cookie is HttpOnly, SameSite=Lax, and in
 * production Secure with a `__Host-` name. It rolls: `idleMs` after the last request it expires.
 * connect-mongo's own clean-up relies on a TTL index, which FerretDB lacks: deleteExpiredSessions runs instead.
 */
export function sessionMiddleware(options: {
  connection: Connection;
  secret: string;
  production: boolean;
  idleMs: number;
}): RequestHandler {
  const { connection, secret, production, idleMs } = options;
  const store = MongoStore.create({
    client: connection.getClient(),
    dbName: connection.name,
    collectionName: "sessions",
    autoRemove: "disabled",
    stringify: false,
    ttl: Math.ceil(idleMs / 1000),
    touchAfter: 60,
  });
  return session({
    name: sessionCookieName(production),
    secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: "destroy",
    cookie: { httpOnly: true, sameSite: "lax", secure: production, maxAge: idleMs, path: "/" },
  });
}

/** Removes expired sessions; the server runs it periodically. */
export async function deleteExpiredSessions(connection: Connection): Promise<number> {
  const { deletedCount } = await connection.collection("sessions").deleteMany({ expires: { $lt: new Date() } });
  return deletedCount;
}
