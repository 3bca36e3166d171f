import { trusted, type Types } from "mongoose";
import type { AuditContext, AuditLog } from "../platform/audit/audit.service.ts";
import { hashToken, randomToken } from "../platform/secrets.ts";
import { ConflictError, NotFoundError } from "../platform/errors.ts";
import type { ApiToken, ApiTokenModel } from "./api-token.model.ts";
import type { TokenPrincipal } from "./principal.ts";
import { asObjectId } from "../platform/db/ids.ts";

export const TOKEN_PREFIX = "glx_";
const TOKEN_PATTERN = /^glx_[\w-]{43}$/;
/** How many characters of a token are kept for display ("glx_" and six more). */
const DISPLAY_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;
/** lastUsedAt is written at most once a minute per token: a busy ERP must not turn every read into a write. */
const LAST_USED_RESOLUTION_MS = 60_000;
export const MAX_ACTIVE_TOKENS = 20;

export type ApiTokenSummary = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const toSummary = (doc: ApiToken & { _id: Types.ObjectId }): ApiTokenSummary => ({
  id: doc._id.toString(),
  name: doc.name,
  prefix: doc.prefix,
  createdAt: doc.createdAt,
  lastUsedAt: doc.lastUsedAt ?? null,
  revokedAt: doc.revokedAt ?? null,
});

/** API tokens of enterprises: owners create and revoke them; the bearer strategy verifies them. */
export function createApiTokenService({
  tokens,
  memberships,
  audit,
  enterpriseMayAct,
}: {
  tokens: ApiTokenModel;
  memberships: { assertOwner(enterpriseId: string, userId: string): Promise<void> };
  audit: AuditLog;
  /** Whether the enterprise may act now (the enterprises area answers: not while suspended or rejected). */
  enterpriseMayAct: (enterpriseId: string) => Promise<boolean>;
}) {
  return {
    /** Creates a token; the plain text is returned here once and never stored. */
    async create(
      context: AuditContext,
      input: { enterpriseId: string; actorUserId: string; name: string },
    ): Promise<{ token: string; summary: ApiTokenSummary }> {
      await memberships.assertOwner(input.enterpriseId, input.actorUserId);
      const enterpriseId = asObjectId(input.enterpriseId)!;
      if ((await tokens.countDocuments({ enterpriseId, revokedAt: null })) >= MAX_ACTIVE_TOKENS) {
        throw new ConflictError("apiTokens.errors.tooMany", { max: MAX_ACTIVE_TOKENS });
      }
      const token = randomToken(TOKEN_PREFIX);
      const created = await tokens.create({
        enterpriseId,
        name: input.name,
        tokenHash: hashToken(token),
        prefix: token.slice(0, DISPLAY_PREFIX_LENGTH),
        createdBy: asObjectId(input.actorUserId)!,
      });
      await audit.record(context, {
        action: "api_token.created",
        subject: { type: "enterprise", id: input.enterpriseId },
        from: null,
        to: "active",
        details: { tokenId: created._id.toString(), name: created.name, prefix: created.prefix },
      });
      return { token, summary: toSummary(created.toObject()) };
    },

    /** The enterprise's tokens, newest first, revoked ones included. */
    async list(enterpriseId: string): Promise<ApiTokenSummary[]> {
      const id = asObjectId(enterpriseId);
      if (!id) return [];
      const docs = await tokens.find({ enterpriseId: id }).sort({ createdAt: -1, _id: -1 }).lean();
      return docs.map(toSummary);
    },

    /** Revokes at once: verify() reads the database on every request, there is no cache to expire. */
    async revoke(context: AuditContext, input: { enterpriseId: string; actorUserId: string; tokenId: string }): Promise<void> {
      await memberships.assertOwner(input.enterpriseId, input.actorUserId);
      const enterpriseId = asObjectId(input.enterpriseId)!;
      const tokenId = asObjectId(input.tokenId);
      const token = tokenId && (await tokens.findOne({ _id: tokenId, enterpriseId }).lean());
      if (!token) throw new NotFoundError("apiTokens.errors.notFound");
      const result = await tokens.updateOne(
        { _id: token._id, enterpriseId, revokedAt: null },
        { $set: { revokedAt: new Date(), revokedBy: asObjectId(input.actorUserId)! } },
      );
      if (result.modifiedCount === 0) throw new ConflictError("apiTokens.errors.alreadyRevoked");
      await audit.record(context, {
        action: "api_token.revoked",
        subject: { type: "enterprise", id: input.enterpriseId },
        from: "active",
        to: "revoked",
        details: { tokenId: input.tokenId, name: token.name, prefix: token.prefix },
      });
    },

    /**
     * The principal of an unrevoked token whose enterprise may act, or null. Called by the Passport
     * bearer strategy: a suspended enterprise's tokens stop working until it is reinstated.
     */
    async verify(plainToken: string): Promise<TokenPrincipal | null> {
      if (typeof plainToken !== "string" || !TOKEN_PATTERN.test(plainToken)) return null;
      const token = await tokens.findOne({ tokenHash: hashToken(plainToken), revokedAt: null }).lean();
      if (!token || !(await enterpriseMayAct(token.enterpriseId.toString()))) return null;
      const now = new Date();
      const cutoff = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
      if (!token.lastUsedAt || token.lastUsedAt < cutoff) {
        // Guarded by the value read, so concurrent requests in the same minute write once.
        await tokens.updateOne(
          { _id: token._id, lastUsedAt: token.lastUsedAt ? trusted({ $lt: cutoff }) : null },
          { $set: { lastUsedAt: now } },
          { timestamps: false },
        );
      }
      return { kind: "token", id: token._id.toString(), tokenName: token.name, enterpriseId: token.enterpriseId.toString() };
    },
  };
}

export type ApiTokenService = ReturnType<typeof createApiTokenService>;
