import { Router, type Request, type Response } from "express";
import { currentUser, requireMembership } from "../accounts/index.ts";
import type { MembershipService } from "../accounts/index.ts";
import { inviteSchema, transferSchema } from "../accounts/index.ts";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import { enterpriseAccessOf, formatDateTime, pathId, renderRefusal } from "../accounts/index.ts";
import { NotFoundError } from "../platform/errors.ts";
import { parseInput } from "../platform/validation.ts";
import { keepValues } from "../platform/web/forms.ts";
import type { EnterpriseAccessService } from "./enterprise-access.ts";
import { langOf } from "../platform/i18n/i18n.ts";

type Deps = { memberships: MembershipService; access: EnterpriseAccessService };

const NOTICES = new Set(["invited", "removed", "transferred", "cancelled"]);
const VIEW = "enterprises/members";

/** /doanh-nghiep/:slug/thanh-vien — an enterprise's members; owners invite, remove and hand over ownership. */
export function membersRouter({ memberships, access }: Deps): Router {
  const router = Router();
  const anyMember = requireMembership("slug", ["owner", "staff"], access.lookup);
  const ownerOnly = requireMembership("slug", ["owner"], access.lookup);

  async function page(req: Request, res: Response, extra: Record<string, unknown> = {}) {
    const { enterpriseId, slug, role } = enterpriseAccessOf(res);
    const user = currentUser(req);
    const lang = langOf(req);
    const isOwner = role === "owner";
    const [enterprise, members, invitations] = await Promise.all([
      access.record(enterpriseId),
      memberships.listMembers(enterpriseId),
      isOwner ? memberships.listPendingInvitations(enterpriseId) : Promise.resolve([]),
    ]);
    const owners = members.filter((member) => member.role === "owner").length;
    const ok = String(req.query.ok ?? "");
    return {
      title: req.t("members.title"),
      enterprise: { name: enterprise ? enterprise.name[lang] : slug, slug },
      base: `/doanh-nghiep/${encodeURIComponent(slug)}`,
      isOwner,
      members: members.map((member) => ({
        ...member,
        roleLabel: req.t(`members.roles.${member.role}`),
        since: formatDateTime(member.since, lang),
        isSelf: member.userId === user.id,
        canRemove: isOwner && !(member.role === "owner" && owners <= 1),
        canTransfer: isOwner && member.role === "staff",
      })),
      invitations: invitations.map((invitation) => ({
        id: invitation.id,
        email: invitation.email,
        roleLabel: req.t(`members.roles.${invitation.role}`),
        expires: formatDateTime(invitation.expiresAt, lang),
      })),
      notice: NOTICES.has(ok) ? req.t(`members.notices.${ok}`) : null,
      values: { email: "", role: "staff" },
      ...extra,
    };
  }

  router.get("/doanh-nghiep/:slug/thanh-vien", ...anyMember, async (req, res) => {
    res.render(VIEW, await page(req, res));
  });

  // POST /doanh-nghiep/:slug/thanh-vien/moi — invite an address.
  router.post("/doanh-nghiep/:slug/thanh-vien/moi", ...ownerOnly, async (req, res) => {
    const { enterpriseId, slug } = enterpriseAccessOf(res);
    try {
      const { email, role } = parseInput(inviteSchema, req.body);
      const enterprise = await access.record(enterpriseId);
      if (!enterprise) throw new NotFoundError();
      await memberships.invite(auditContextOf(req), { enterpriseId, enterpriseName: enterprise.name, actorUserId: currentUser(req).id, email, role });
      res.redirect(303, `/doanh-nghiep/${encodeURIComponent(slug)}/thanh-vien?ok=invited`);
    } catch (error) {
      renderRefusal(req, res, VIEW, await page(req, res, { values: keepValues(req.body) }), error);
    }
  });

  // POST /doanh-nghiep/:slug/thanh-vien/loi-moi/:invitationId/huy — withdraw a pending invitation.
  router.post("/doanh-nghiep/:slug/thanh-vien/loi-moi/:invitationId/huy", ...ownerOnly, async (req, res) => {
    const { enterpriseId, slug } = enterpriseAccessOf(res);
    const invitationId = pathId(req, "invitationId");
    try {
      await memberships.cancelInvitation(auditContextOf(req), { enterpriseId, actorUserId: currentUser(req).id, invitationId });
      res.redirect(303, `/doanh-nghiep/${encodeURIComponent(slug)}/thanh-vien?ok=cancelled`);
    } catch (error) {
      renderRefusal(req, res, VIEW, await page(req, res), error);
    }
  });

  // POST /doanh-nghiep/:slug/thanh-vien/:userId/xoa — remove a member (oneself too, if another owner remains).
  router.post("/doanh-nghiep/:slug/thanh-vien/:userId/xoa", ...ownerOnly, async (req, res) => {
    const { enterpriseId, slug } = enterpriseAccessOf(res);
    const userId = pathId(req, "userId");
    const actorUserId = currentUser(req).id;
    try {
      await memberships.removeMember(auditContextOf(req), { enterpriseId, actorUserId, userId });
      res.redirect(303, userId === actorUserId ? "/tai-khoan" : `/doanh-nghiep/${encodeURIComponent(slug)}/thanh-vien?ok=removed`);
    } catch (error) {
      renderRefusal(req, res, VIEW, await page(req, res), error);
    }
  });

  // POST /doanh-nghiep/:slug/thanh-vien/:userId/chuyen-quyen — hand ownership to a staff member.
  router.post("/doanh-nghiep/:slug/thanh-vien/:userId/chuyen-quyen", ...ownerOnly, async (req, res) => {
    const { enterpriseId, slug } = enterpriseAccessOf(res);
    const toUserId = pathId(req, "userId");
    try {
      parseInput(transferSchema, req.body);
      await memberships.transferOwnership(auditContextOf(req), { enterpriseId, actorUserId: currentUser(req).id, toUserId });
      res.redirect(303, `/doanh-nghiep/${encodeURIComponent(slug)}/thanh-vien?ok=transferred`);
    } catch (error) {
      renderRefusal(req, res, VIEW, await page(req, res), error);
    }
  });

  return router;
}
