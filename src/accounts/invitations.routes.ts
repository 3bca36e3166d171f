import { Router, type Request } from "express";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import { currentUser, requireAuth } from "./guards.ts";
import type { MembershipService } from "./membership.service.ts";
import { objectIdSchema } from "./membership.schemas.ts";
import { formatDateTime, pathId, renderRefusal } from "./page-helpers.ts";
import { langOf } from "../platform/i18n/i18n.ts";

const VIEW = "accounts/invitations";

/** /tai-khoan/loi-moi — the signed-in user's pending invitations, to accept or decline. */
export function invitationsRouter({ memberships }: { memberships: MembershipService }): Router {
  const router = Router();

  async function page(req: Request) {
    const user = currentUser(req);
    const lang = langOf(req);
    const invitations = await memberships.listInvitationsFor(user);
    // The emailed link names one invitation: point it out, or say why it is not in the list.
    const token = typeof req.query.ma === "string" ? req.query.ma : "";
    const linked = token ? await memberships.findOpenInvitationByToken(token) : null;
    const linkNotice = !token ? null : !linked ? "linkInvalid" : linked.email !== user.email ? "linkOtherAddress" : null;
    const joined = objectIdSchema.safeParse(req.query["doanh-nghiep"]);
    return {
      title: req.t("invitations.title"),
      invitations: invitations.map((invitation) => ({
        id: invitation.id,
        enterpriseName: invitation.enterpriseName[lang],
        roleLabel: req.t(`members.roles.${invitation.role}`),
        invited: formatDateTime(invitation.createdAt, lang),
        expires: formatDateTime(invitation.expiresAt, lang),
        highlighted: linked?.id === invitation.id,
      })),
      linkNotice: linkNotice ? req.t(`invitations.${linkNotice}`, { email: user.email }) : null,
      notice: req.query.ok === "accepted" ? req.t("invitations.notices.accepted") : req.query.ok === "declined" ? req.t("invitations.notices.declined") : null,
      joinedEnterprisePath: req.query.ok === "accepted" && joined.success ? `/doanh-nghiep/${joined.data}/thanh-vien` : null,
    };
  }

  router.get("/tai-khoan/loi-moi", requireAuth, async (req, res) => {
    res.set("Cache-Control", "no-store").render(VIEW, await page(req));
  });

  // POST /tai-khoan/loi-moi/:invitationId/chap-nhan — join the enterprise.
  router.post("/tai-khoan/loi-moi/:invitationId/chap-nhan", requireAuth, async (req, res) => {
    const invitationId = pathId(req, "invitationId");
    try {
      const accepted = await memberships.acceptInvitation(auditContextOf(req), { invitationId, user: currentUser(req) });
      res.redirect(303, `/tai-khoan/loi-moi?ok=accepted&doanh-nghiep=${accepted.enterpriseId}`);
    } catch (error) {
      renderRefusal(req, res, VIEW, await page(req), error);
    }
  });

  // POST /tai-khoan/loi-moi/:invitationId/tu-choi — decline.
  router.post("/tai-khoan/loi-moi/:invitationId/tu-choi", requireAuth, async (req, res) => {
    const invitationId = pathId(req, "invitationId");
    try {
      await memberships.declineInvitation(auditContextOf(req), { invitationId, user: currentUser(req) });
      res.redirect(303, "/tai-khoan/loi-moi?ok=declined");
    } catch (error) {
      renderRefusal(req, res, VIEW, await page(req), error);
    }
  });

  return router;
}
