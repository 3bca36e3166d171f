import { Router } from "express";
import type { OutboxMessage } from "./mail.ts";

/** GET /dev/hop-thu — the development outbox (mounted only outside production). */
export function outboxRouter({ latest }: { latest: (limit: number) => Promise<OutboxMessage[]> }): Router {
  const router = Router();
  router.get("/dev/hop-thu", async (req, res) => {
    const messages = await latest(50);
    res.render("dev/outbox", {
      title: req.t("outbox.title"),
      messages: messages.map((message) => ({ ...message, sentAt: message.sentAt.toISOString() })),
    });
  });
  return router;
}
