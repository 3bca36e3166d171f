import type { Translate } from "../platform/i18n/i18n.ts";
import { trusted, Types } from "mongoose";
import type { AuditContext, AuditLog } from "../platform/audit/audit.service.ts";
import { ValidationError } from "../platform/errors.ts";
import type { Mailer } from "../platform/mail/mail.ts";
import { hashToken, randomToken } from "../platform/secrets.ts";
import { parseInput } from "../platform/validation.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import type { PasswordResetModel } from "./password-reset.model.ts";
import type { SignedInUser } from "./principal.ts";
import type { User, UserModel } from "./user.model.ts";
import {
  normaliseEmail,
  passwordChangeSchema,
  profileSchema,
  registerSchema,
  resetRequestSchema,
  resetSchema,
} from "./user.schemas.ts";

const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;
const DUPLICATE_KEY = 11000;

export type { Translate } from "../platform/i18n/i18n.ts";

type Deps = {
  users: UserModel;
  resets: PasswordResetModel;
  audit: AuditLog;
  mailer: Mailer;
  translate: Translate;
  baseUrl: string;
};

function toSignedIn(doc: User & { _id: Types.ObjectId }): SignedInUser {
  return {
    kind: "user",
    id: doc._id.toString(),
    email: doc.email,
    name: doc.name,
    role: doc.role,
    language: doc.language,
    authVersion: doc.authVersion ?? 0,
  };
}

/** Registration, sign-in, profile, password change and reset. Every outcome that matters is audited. */
export function createAuthService({ users, resets, audit, mailer, translate, baseUrl }: Deps) {
  // Verified against when the address is unknown, so that both failures take as long.
  const dummyHash = hashPassword("not-a-real-password-but-equally-slow");
  const userSubject = (id: string) => ({ type: "user", id });

  return {
    async register(context: AuditContext, input: unknown, language: "vi" | "en"): Promise<SignedInUser> {
      const { name, email, password } = parseInput(registerSchema, input);
      const passwordHash = await hashPassword(password);
      try {
        const doc = await users.create({ email, name, passwordHash, role: "user", language, authVersion: 0 });
        const user = toSignedIn(doc.toObject());
        await audit.record({ ...context, actor: { userId: user.id, email, kind: "user" } }, {
          action: "user.registered",
          subject: userSubject(user.id),
          to: "user",
        });
        return user;
      } catch (error) {
        if ((error as { code?: number }).code === DUPLICATE_KEY) throw new ValidationError({ email: "auth.errors.emailTaken" });
        throw error;
      }
    },

    /** The user, or null for a wrong password and an unknown address alike (same answer, similar time). */
    async authenticate(context: AuditContext, email: string, password: string): Promise<SignedInUser | null> {
      const normalised = normaliseEmail(email);
      const doc = await users.findOne({ email: normalised }).lean();
      const valid = await verifyPassword(doc?.passwordHash ?? (await dummyHash), password).catch(() => false);
      const ok = Boolean(doc) && valid;
      await audit.record(
        { ...context, actor: { userId: doc?._id.toString() ?? null, email: normalised, kind: ok ? "user" : "anonymous" } },
        {
          action: ok ? "auth.sign_in" : "auth.sign_in_failed",
          subject: userSubject(doc?._id.toString() ?? "unknown"),
          reason: ok ? null : doc ? "wrong_password" : "unknown_email",
        },
      );
      return ok ? toSignedIn(doc!) : null;
    },

    async findSignedIn(id: string): Promise<SignedInUser | null> {
      if (!Types.ObjectId.isValid(id)) return null;
      const doc = await users.findById(id).lean();
      return doc ? toSignedIn(doc) : null;
    },

    async updateProfile(context: AuditContext, userId: string, input: unknown): Promise<SignedInUser> {
      const { name, language } = parseInput(profileSchema, input);
      const doc = await users.findOneAndUpdate({ _id: userId }, { $set: { name, language } }, { returnDocument: "after" }).lean();
      await audit.record(context, { action: "user.profile_updated", subject: userSubject(userId) });
      return toSignedIn(doc!);
    },

    /** Remembers a language picked with the switch, for the next sign-in on another device. */
    async rememberLanguage(userId: string, language: "vi" | "en"): Promise<void> {
      await users.updateOne({ _id: userId }, { $set: { language } });
    },

    /** Changes the password and bumps authVersion: every other session of the user ends. */
    async changePassword(context: AuditContext, userId: string, input: unknown): Promise<SignedInUser> {
      const { currentPassword, newPassword } = parseInput(passwordChangeSchema, input);
      const doc = await users.findById(userId).lean();
      if (!doc || !(await verifyPassword(doc.passwordHash, currentPassword))) {
        throw new ValidationError({ currentPassword: "auth.errors.currentPasswordWrong" });
      }
      const updated = await users
        .findOneAndUpdate(
          { _id: userId },
          { $set: { passwordHash: await hashPassword(newPassword) }, $inc: { authVersion: 1 } },
          { returnDocument: "after" },
        )
        .lean();
      await audit.record(context, { action: "auth.password_changed", subject: userSubject(userId) });
      return toSignedIn(updated!);
    },

    /** Always answers the same; mails a single-use link valid one hour when the address has an account. */
    async requestPasswordReset(context: AuditContext, input: unknown, language: "vi" | "en"): Promise<void> {
      const { email } = parseInput(resetRequestSchema, input);
      const doc = await users.findOne({ email }).lean();
      await audit.record({ ...context, actor: { userId: doc?._id.toString() ?? null, email, kind: "anonymous" } }, {
        action: "auth.password_reset_requested",
        subject: userSubject(doc?._id.toString() ?? "unknown"),
        reason: doc ? null : "unknown_email",
      });
      if (!doc) return;
      const token = randomToken();
      await resets.create({ userId: doc._id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + RESET_TOKEN_TTL_MS), usedAt: null });
      const lang = doc.language ?? language;
      await mailer.send({
        to: doc.email,
        subject: translate(lang, "auth.reset.mailSubject"),
        text: translate(lang, "auth.reset.mailText", { name: doc.name, link: `${baseUrl}/dat-lai-mat-khau/${token}`, minutes: 60 }),
      });
    },

    /** True when the link can still be used (to show the form, or say it has expired). */
    async isResetTokenUsable(token: string): Promise<boolean> {
      return (await resets.exists({ tokenHash: hashToken(token), usedAt: null, expiresAt: trusted({ $gt: new Date() }) })) !== null;
    },

    /** Consumes the token (atomically: a second use finds nothing), sets the password, ends every session. */
    async resetPassword(context: AuditContext, token: string, input: unknown): Promise<void> {
      const { password } = parseInput(resetSchema, input);
      const passwordHash = await hashPassword(password);
      const reset = await resets
        .findOneAndUpdate(
          { tokenHash: hashToken(token), usedAt: null, expiresAt: trusted({ $gt: new Date() }) },
          { $set: { usedAt: new Date() } },
          { returnDocument: "after" },
        )
        .lean();
      if (!reset) throw new ValidationError({ password: "auth.errors.resetLinkInvalid" });
      await users.updateOne({ _id: reset.userId }, { $set: { passwordHash }, $inc: { authVersion: 1 } });
      await audit.record({ ...context, actor: { userId: reset.userId.toString(), email: null, kind: "user" } }, {
        action: "auth.password_reset",
        subject: userSubject(reset.userId.toString()),
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
