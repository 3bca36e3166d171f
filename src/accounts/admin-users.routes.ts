import { Router, type Request } from "express";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import { parseInput } from "../platform/validation.ts";
import { currentUser, requireRole, safeReturnTo } from "./guards.ts";
import { formatDateTime, pathId, renderRefusal } from "./page-helpers.ts";
import type { UserAdminService } from "./user-admin.service.ts";
import { changeRoleSchema, userListQuerySchema } from "./user-admin.schemas.ts";
import { ROLES } from "./user.model.ts";
import { langOf } from "../platform/i18n/i18n.ts";

const VIEW = "admin/users";
const BASE = "/quan-tri/nguoi-dung";

/** The list's address for the given filters and page. */
function listUrl(filters: { role?: string; email?: string }, page: number): string {
  const query = new URLSearchParams();
  if (filters.role) query.set("role", filters.role);
  if (filters.email) query.set("email", filters.email);
  if (page > 1) query.set("trang", String(page));
  const search = query.toString();
  return search ? `${BASE}?${search}` : BASE;
}

/** /quan-tri/nguoi-dung — administrators list accounts and set their global role. */
export function adminUsersRouter({ userAdmin }: { userAdmin: UserAdminService }): Router {
  const router = Router();
  const adminOnly = requireRole("admin");

  async function page(req: Request) {
    const lang = langOf(req);
    const query = userListQuerySchema.parse(req.query);
    const filters = { role: query.role, email: query.email };
    const result = await userAdmin.listUsers({ ...filters, page: query.trang });
    const self = currentUser(req).id;
    return {
      title: req.t("adminUsers.title"),
      filters: { role: query.role ?? "", email: query.email ?? "" },
      roleOptions: ROLES.map((role) => ({ value: role, label: req.t(`adminUsers.roles.${role}`) })),
      users: result.items.map((user) => ({
        ...user,
        roleLabel: req.t(`adminUsers.roles.${user.role}`),
        created: formatDateTime(user.createdAt, lang),
        isSelf: user.id === self,
      })),
      total: result.total,
      pageInfo: { page: result.page, pages: result.pages },
      previous: result.page > 1 ? listUrl(filters, result.page - 1) : null,
      next: result.page < result.pages ? listUrl(filters, result.page + 1) : null,
      returnTo: listUrl(filters, result.page),
      notice: req.query.ok === "roleChanged" ? req.t("adminUsers.notices.roleChanged") : null,
    };
  }

  router.get(BASE, ...adminOnly, async (req, res) => {
    res.render(VIEW, await page(req));
  });

  // POST /quan-tri/nguoi-dung/:userId/vai-tro — set a user's global role, then back to the same page of the list.
  router.post(`${BASE}/:userId/vai-tro`, ...adminOnly, async (req, res) => {
    const userId = pathId(req, "userId");
    try {
      const { role, returnTo } = parseInput(changeRoleSchema, req.body);
      await userAdmin.changeRole(auditContextOf(req), { actorUserId: currentUser(req).id, userId, role });
      const back = safeReturnTo(returnTo);
      const target = new URL(back.startsWith(BASE) ? back : BASE, "http://localhost");
      target.searchParams.set("ok", "roleChanged");
      res.redirect(303, `${target.pathname}${target.search}`);
    } catch (error) {
      renderRefusal(req, res, VIEW, await page(req), error);
    }
  });

  return router;
}
