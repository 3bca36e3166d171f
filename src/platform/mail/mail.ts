import nodemailer from "nodemailer";
import { Schema, type Connection, type Model } from "mongoose";
import type { Logger } from "pino";

export type MailMessage = { to: string; subject: string; text: string };

/** The mail port: areas send plain-text messages through it and never know the transport. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export interface OutboxMessage extends MailMessage {
  sentAt: Date;
}

const outboxSchema = new Schema<OutboxMessage>(
  {
    to: { type: String, required: true },
    subject: { type: String, required: true },
    text: { type: String, required: true },
    sentAt: { type: Date, required: true },
  },
  { strict: "throw", versionKey: false, collection: "dev_outbox" },
);
outboxSchema.index({ sentAt: -1 });

export type OutboxModel = Model<OutboxMessage>;

export function outboxModel(connection: Connection): OutboxModel {
  return (connection.models.OutboxMessage as OutboxModel | undefined) ?? connection.model<OutboxMessage>("OutboxMessage", outboxSchema);
}

/**
 * Development and tests: messages go to a collection (shared by every app instance, shown at
 * /dev/hop-thu) and to the log. Nothing leaves the machine.
 */
export function createOutboxMailer({ outbox, logger }: { outbox: OutboxModel; logger: Logger }): Mailer & {
  latest(limit: number): Promise<OutboxMessage[]>;
} {
  return {
    async send(message) {
      await outbox.create({ ...message, sentAt: new Date() });
      logger.info({ mail: message }, "mail written to the development outbox");
    },
    async latest(limit) {
      return outbox.find().sort({ sentAt: -1, _id: -1 }).limit(limit).lean();
    },
  };
}

/** Production: a real SMTP transport (nodemailer), e.g. SMTP_URL=smtps://user:pass@smtp.example.vn. */
export function createSmtpMailer({ url, from }: { url: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
  };
}
