import { Router } from "express";
import { requireRole } from "../accounts/index.ts";

/** What awaits the department, each count asked of the area that owns the queue. */
export type ConsoleQueues = {
  pendingEnterprises(): Promise<number>;
  pendingProducts(): Promise<number>;
  /** Import-export declarations waiting for review, and how many of them are past their due date. */
  declarations(): Promise<{ waiting: number; overdue: number }>;
};

/** GET /quan-tri — the department's console: what awaits review, and where to act on it. */
export function consoleRouter(queues: ConsoleQueues): Router {
  const router = Router();
  router.get("/quan-tri", ...requireRole("moderator", "admin"), async (req, res) => {
    const [pendingEnterprises, pendingProducts, declarations] = await Promise.all([queues.pendingEnterprises(), queues.pendingProducts(), queues.declarations()]);
    res.render("moderation/console", {
      title: req.t("console.title"),
      pendingEnterprises,
      pendingProducts,
      declarations,
      isAdmin: req.user?.role === "admin",
    });
  });
  return router;
}
