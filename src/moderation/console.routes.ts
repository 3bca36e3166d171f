import { Router } from "express";
import { requireRole } from "../accounts/index.ts";

/** How many enterprises and listings await the department's review. */
export type ModerationQueue = { pendingEnterprises(): Promise<number>; pendingProducts(): Promise<number> };

/** GET /quan-tri — the department's console: what awaits review, and where to act on it. */
export function consoleRouter(queue: ModerationQueue): Router {
  const router = Router();
  router.get("/quan-tri", ...requireRole("moderator", "admin"), async (req, res) => {
    const [pendingEnterprises, pendingProducts] = await Promise.all([
      queue.pendingEnterprises(),
      queue.pendingProducts(),
    ]);
    res.render("moderation/console", {
      title: req.t("console.title"),
      pendingEnterprises,
      pendingProducts,
      isAdmin: req.user?.role === "admin",
    });
  });
  return router;
}
