import { Router } from "express";
import { requireRole } from "../accounts/index.ts";

/** How many enterprises and listings await the department's review. */
export type ModerationQueue = { pendingEnterprises(): Promise<number>; pendingProducts(): Promise<number> };
/** How many import-export declarations await review, and how many of them are past their due date. */
export type DeclarationQueueCounts = { waiting(): Promise<number>; overdue(): Promise<number> };

/** GET /quan-tri — the department's console: what awaits review, and where to act on it. */
export function consoleRouter(queue: ModerationQueue, declarationQueue?: DeclarationQueueCounts): Router {
  const router = Router();
  router.get("/quan-tri", ...requireRole("moderator", "admin"), async (req, res) => {
    const [pendingEnterprises, pendingProducts, waitingDeclarations, overdueDeclarations] = await Promise.all([
      queue.pendingEnterprises(),
      queue.pendingProducts(),
      declarationQueue?.waiting() ?? null,
      declarationQueue?.overdue() ?? null,
    ]);
    res.render("moderation/console", {
      title: req.t("console.title"),
      pendingEnterprises,
      pendingProducts,
      declarations: declarationQueue ? { waiting: waitingDeclarations, overdue: overdueDeclarations } : null,
      isAdmin: req.user?.role === "admin",
    });
  });
  return router;
}
