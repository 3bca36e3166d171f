import type { Request } from "express";
import type { AuditEntry, AuditModel } from "./audit.model.ts";

export type AuditActor = AuditEntry["actor"];
export type AuditContext = { actor: AuditActor; ip: string | null; userAgent: string | null };

export type AuditRecord = {
  action: string;
  subject: { type: string; id: string };
  from?: string | null;
  to?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
};

export const SYSTEM_ACTOR: AuditActor = { userId: null, email: null, kind: "system" };

/** Who is acting, from where: taken from the request at the route and handed to services. */
export function auditContextOf(req: Request): AuditContext {
  const user = req.user as { id?: string; email?: string; kind?: string } | undefined;
  const actor: AuditActor = !user
    ? { userId: null, email: null, kind: "anonymous" }
    : user.kind === "token"
      ? { userId: user.id ?? null, email: null, kind: "token" }
      : { userId: user.id ?? null, email: user.email ?? null, kind: "user" };
  return { actor, ip: req.ip ?? null, userAgent: req.get("user-agent")?.slice(0, 300) ?? null };
}

/** The audit log every area writes to. Entries are only ever inserted. */
export function createAuditLog({ entries }: { entries: AuditModel }) {
  return {
    async record(context: AuditContext, record: AuditRecord): Promise<void> {
      await entries.create({
        at: new Date(),
        actor: context.actor,
        ip: context.ip,
        userAgent: context.userAgent,
        action: record.action,
        subject: record.subject,
        from: record.from ?? null,
        to: record.to ?? null,
        reason: record.reason ?? null,
        details: record.details ?? {},
      });
    },

    async recent(filter: { subjectType?: string; subjectId?: string; action?: string }, limit = 50): Promise<AuditEntry[]> {
      const query: Record<string, string> = {};
      if (filter.subjectType) query["subject.type"] = filter.subjectType;
      if (filter.subjectId) query["subject.id"] = filter.subjectId;
      if (filter.action) query.action = filter.action;
      return entries.find(query).sort({ at: -1 }).limit(limit).lean();
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
