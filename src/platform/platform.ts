import type { i18n as I18n } from "i18next";
import type { Connection } from "mongoose";
import { auditModel } from "./audit/audit.model.ts";
import { createAuditLog } from "./audit/audit.service.ts";
import type { Translate } from "./i18n/i18n.ts";
import { createImageStore } from "./images/image-store.ts";
import type { Logger } from "./logger.ts";
import { createOutboxMailer, createSmtpMailer, outboxModel } from "./mail/mail.ts";
import { notificationModel } from "./notify/notification.model.ts";
import { createNotifications, type Recipient } from "./notify/notifications.service.ts";
import { createCsrf } from "./web/csrf.ts";
import { createRateLimits, type RateLimitSettings } from "./web/rate-limits.ts";

export type PlatformDeps = {
  connection: Connection;
  i18n: I18n;
  logger: Logger;
  baseUrl: string;
  mail: { smtpUrl: string | undefined; from: string };
  rateLimits: RateLimitSettings;
  /** Who the users are (email, language): the accounts area answers, so that platform knows no accounts. */
  recipients: (userIds: string[]) => Promise<Recipient[]>;
};

/** What every area uses: the audit log, mail, in-app notifications, images, CSRF and rate limits. */
export function createPlatform(deps: PlatformDeps) {
  const { connection, logger } = deps;
  const models = { audit: auditModel(connection), outbox: outboxModel(connection), notifications: notificationModel(connection) };
  // Without SMTP_URL, mail goes to an outbox in the database (shown at /dev/hop-thu outside production).
  const outbox = deps.mail.smtpUrl ? null : createOutboxMailer({ outbox: models.outbox, logger });
  const mailer = outbox ?? createSmtpMailer({ url: deps.mail.smtpUrl!, from: deps.mail.from });
  const translate: Translate = (language, key, values) => deps.i18n.getFixedT(language)(key, values);
  return {
    audit: createAuditLog({ entries: models.audit }),
    outbox,
    mailer,
    translate,
    notifications: createNotifications({ notifications: models.notifications, recipients: deps.recipients, mailer, translate, baseUrl: deps.baseUrl, logger }),
    images: createImageStore(connection),
    csrf: createCsrf(),
    rateLimits: createRateLimits(connection, deps.rateLimits),
    init: () => Promise.all(Object.values(models).map((model) => model.init())),
  };
}

export type Platform = ReturnType<typeof createPlatform>;
