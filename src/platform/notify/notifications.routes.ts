import { Router, type RequestHandler } from "express";
import type { Logger } from "pino";
import type { Notifications } from "./notifications.service.ts";

type Deps = {
  notifications: Notifications;
  /** The accounts area's guard (platform imports no area): signed-in people only. */
  requireAuth: RequestHandler;
};

const formatter = (lang: "vi" | "en") =>
  new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "vi-VN", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Ho_Chi_Minh" });

/** The signed-in person's id (requireAuth ran first). */
const userIdOf = (req: Parameters<RequestHandler>[0]) => String(req.user?.id ?? "");

/** /thong-bao — the signed-in person's notifications; POSTs mark one or all read. */
export function notificationsRouter({ notifications, requireAuth }: Deps): Router {
  const router = Router();

  // GET /thong-bao
  router.get("/thong-bao", requireAuth, async (req, res) => {
    const lang = req.language === "en" ? "en" : "vi";
    const format = formatter(lang);
    const items = await notifications.listFor(userIdOf(req), { limit: 100 });
    res.render("notifications/index", {
      title: req.t("notify.page.title"),
      items: items.map((item) => ({
        id: item.id,
        text: req.t(item.key, item.params),
        link: item.link,
        read: item.read,
        when: format.format(item.createdAt),
        isoWhen: item.createdAt.toISOString(),
      })),
      anyUnread: items.some((item) => !item.read),
      notice: req.query.done === "1" ? req.t("notify.page.marked") : null,
    });
  });

  // POST /thong-bao/da-doc — all of them
  router.post("/thong-bao/da-doc", requireAuth, async (req, res) => {
    await notifications.markRead(userIdOf(req), "all");
    res.redirect(303, "/thong-bao?done=1");
  });

  // POST /thong-bao/:id/da-doc — one (another person's is a 404, in the service)
  router.post("/thong-bao/:id/da-doc", requireAuth, async (req, res) => {
    await notifications.markRead(userIdOf(req), String(req.params.id));
    res.redirect(303, "/thong-bao?done=1");
  });

  return router;
}

/**
 * The header's unread badge: one countDocuments for signed-in GET page requests (not /api/);
 * static files are answered before the session is read. A failure only hides the badge.
 */
export function unreadBadge({ notifications, logger }: { notifications: Notifications; logger: Logger }): RequestHandler {
  return async (req, res, next) => {
    if (req.method !== "GET" || req.user?.kind !== "user" || req.path.startsWith("/api/")) return next();
    try {
      res.locals.unreadNotifications = await notifications.unreadCount(String(req.user.id));
    } catch (error) {
      (req.log ?? logger).warn({ err: error }, "unread notification count failed");
    }
    next();
  };
}
