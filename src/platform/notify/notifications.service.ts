import { isValidObjectId, Types } from "mongoose";
import type { Logger } from "pino";
import { NotFoundError } from "../errors.ts";
import type { Mailer } from "../mail/mail.ts";
import type { NotificationModel } from "./notification.model.ts";

export type NotifyLanguage = "vi" | "en";
export type Recipient = { id: string; email: string; language: NotifyLanguage };
export type NotificationMessage = {
  /** The i18n key of the sentence, in the area's locale files. */
  key: string;
  params?: Record<string, string | number>;
  /** A same-site path the notification (and the email) links to. */
  link: string;
  /** Also send an email in each recipient's language (default true). */
  email?: boolean;
};
/** Tells every member of an enterprise (in-app and by email, each in their language); the composition root knows who they are. */
export type NotifyEnterprise = (enterpriseId: string, message: NotificationMessage) => Promise<void>;

export type NotificationView = {
  id: string;
  key: string;
  params: Record<string, string | number>;
  link: string;
  read: boolean;
  readAt: Date | null;
  createdAt: Date;
};

type Deps = {
  notifications: NotificationModel;
  /** Who the users are (email, language): given by the composition root, so that platform knows no accounts. */
  recipients: (userIds: string[]) => Promise<Recipient[]>;
  mailer: Mailer;
  translate: (language: NotifyLanguage, key: string, values?: Record<string, unknown>) => string;
  baseUrl: string;
  logger: Logger;
};

export const NOTIFICATION_LIST_MAX = 100;

/** A path on this site: "/…", never "//host", "/\host", a scheme or control characters. */
export function isSameSitePath(link: string): boolean {
  return link.startsWith("/") && !link.startsWith("//") && !link.startsWith("/\\") && !/[\u0000-\u001f\\]/.test(link) && link.length <= 2_000;
}

/**
 * In-app notifications, each also emailed through the mail port. Called after a state change has
 * been stored: the in-app notification is written first, and a mail failure is only logged.
 */
export function createNotifications({ notifications, recipients, mailer, translate, baseUrl, logger }: Deps) {
  const origin = baseUrl.replace(/\/+$/, "");

  async function email(userIds: string[], message: NotificationMessage): Promise<void> {
    let people: Recipient[];
    try {
      people = await recipients(userIds);
    } catch (error) {
      logger.error({ err: error, key: message.key }, "notification emails not sent: recipients could not be read");
      return;
    }
    const results = await Promise.allSettled(
      people.map((person) => {
        const sentence = translate(person.language, message.key, message.params);
        const text = `${sentence}\n\n${origin}${message.link}\n\n${translate(person.language, "notify.email.footer")}`;
        return mailer.send({ to: person.email, subject: sentence, text });
      }),
    );
    results.forEach((result, index) => {
      if (result.status === "rejected") {
        logger.error({ err: result.reason, key: message.key, userId: people[index]!.id }, "notification email failed");
      }
    });
  }

  return {
    /** One in-app notification per user (one insertMany), then one email each in their language. */
    async notify(userIds: string[], message: NotificationMessage): Promise<void> {
      if (!isSameSitePath(message.link)) throw new Error(`notification link must be a same-site path: ${message.link}`);
      const ids = [...new Set(userIds)];
      const invalid = ids.filter((id) => !isValidObjectId(id));
      if (invalid.length) throw new Error(`not user ids: ${invalid.join(", ")}`);
      if (ids.length === 0) return;
      const createdAt = new Date();
      await notifications.insertMany(
        ids.map((id) => ({ userId: new Types.ObjectId(id), key: message.key, params: message.params ?? {}, link: message.link, readAt: null, createdAt })),
      );
      if (message.email !== false) await email(ids, message);
    },

    /** A user's notifications, newest first. */
    async listFor(userId: string, { limit = 50 }: { limit?: number } = {}): Promise<NotificationView[]> {
      if (!isValidObjectId(userId)) return [];
      const docs = await notifications
        .find({ userId: new Types.ObjectId(userId) })
        .sort({ createdAt: -1, _id: -1 })
        .limit(Math.min(Math.max(1, limit), NOTIFICATION_LIST_MAX))
        .lean();
      return docs.map((doc) => ({
        id: doc._id.toString(),
        key: doc.key,
        params: doc.params ?? {},
        link: doc.link,
        read: Boolean(doc.readAt),
        readAt: doc.readAt ?? null,
        createdAt: doc.createdAt,
      }));
    },

    /** How many of a user's notifications are unread (one countDocuments, on the {userId, createdAt} index). */
    async unreadCount(userId: string): Promise<number> {
      if (!isValidObjectId(userId)) return 0;
      return notifications.countDocuments({ userId: new Types.ObjectId(userId), readAt: null });
    },

    /** Marks one of the user's own notifications, or all of them, read; another user's is a 404. Returns how many changed. */
    async markRead(userId: string, notificationId: string | "all"): Promise<number> {
      if (!isValidObjectId(userId)) throw new NotFoundError();
      const owner = new Types.ObjectId(userId);
      const now = new Date();
      if (notificationId === "all") {
        const result = await notifications.updateMany({ userId: owner, readAt: null }, { $set: { readAt: now } });
        return result.modifiedCount;
      }
      if (!isValidObjectId(notificationId)) throw new NotFoundError();
      const filter = { _id: new Types.ObjectId(notificationId), userId: owner };
      const result = await notifications.updateOne({ ...filter, readAt: null }, { $set: { readAt: now } });
      if (result.matchedCount === 0 && !(await notifications.exists(filter))) throw new NotFoundError();
      return result.modifiedCount;
    },
  };
}

export type Notifications = ReturnType<typeof createNotifications>;
