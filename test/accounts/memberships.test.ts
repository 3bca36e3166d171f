import assert from "node:assert/strict";
import request from "supertest";
import { hashToken } from "../../src/platform/secrets.ts";
import { signIn, type SessionAgent } from "../support/auth.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

const PASSWORD = "Hồ tiêu Chư Sê thơm cay";

describe("enterprise membership: invitations, removal, ownership transfer", () => {
  let testApp: TestApp;
  before(async () => {
    testApp = await startTestApp({ RATE_LIMIT_SIGNIN_PER_IP: "1000" });
  });
  after(() => stopTestApp(testApp));

  let sequence = 0;
  /** A verified enterprise with a unique slug and tax code. */
  async function enterprise(label: string) {
    sequence += 1;
    const slug = `${label}-${sequence}`;
    const doc = await testApp.models.enterprises.create({
      slug,
      name: { vi: `Công ty TNHH ${label} ${sequence}`, en: `${label} ${sequence} Co., Ltd.` },
      taxCode: `59001${String(sequence).padStart(5, "0")}`,
      kind: "manufacturer",
      status: "verified",
      verifiedAt: new Date(),
      address: { street: "12 Trần Phú", commune: "Phường Pleiku" },
    });
    return { id: doc._id.toString(), slug, name: doc.name.vi };
  }
  async function person(email: string) {
    const { user } = await testApp.services.users.upsertUser({ email, password: PASSWORD, role: "user" });
    return user;
  }
  async function withStaff(enterpriseId: string, userId: string) {
    await testApp.models.memberships.create({ enterpriseId, userId, role: "staff" });
  }
  const membersOf = async (enterpriseId: string) =>
    (await testApp.models.memberships.find({ enterpriseId }).lean())
      .map((row) => `${row.userId.toString()}:${row.role}`)
      .sort();
  const auditOf = (action: string, enterpriseId: string) =>
    testApp.models.audit.find({ action, "subject.type": "enterprise", "subject.id": enterpriseId }).lean();
  const membershipAudit = async (enterpriseId: string) =>
    (await testApp.models.audit.find({ "subject.id": enterpriseId }).lean())
      .map((entry) => entry.action)
      .filter((action) => action !== "membership.owner_added");
  async function invitationLink(email: string) {
    const [mail] = await testApp.models.outbox.find({ to: email }).sort({ sentAt: -1, _id: -1 }).limit(1).lean();
    assert.ok(mail, `an invitation was mailed to ${email}`);
    const match = mail.text.match(/https?:\/\/[^/\s]+(\/tai-khoan\/loi-moi\?ma=([\w-]+))/);
    assert.ok(match, mail.text);
    return { path: match[1]!, token: match[2]!, mail };
  }
  async function invite(owner: SessionAgent, slug: string, email: string, role = "staff") {
    return owner.post(`/doanh-nghiep/${slug}/thanh-vien/moi`, { email, role });
  }

  it("when an owner invites an address, then one pending invitation is stored with a hashed token, the mail links to /tai-khoan/loi-moi, the invitation is audited, and a second one to the same address is refused", async () => {
    const company = await enterprise("caphe");
    const owner = await person("chu.caphe@example.vn");
    await testApp.services.memberships.addOwner(company.id, owner.id);
    const client = await signIn(testApp.app, owner.email, PASSWORD);

    const res = await invite(client, company.slug, "  NhanVien.Moi@Example.VN ");
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/doanh-nghiep/${company.slug}/thanh-vien?ok=invited`);

    const stored = await testApp.models.invitations.find({ enterpriseId: company.id }).lean();
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.email, "nhanvien.moi@example.vn", "the address is normalised");
    assert.equal(stored[0]!.status, "pending");
    assert.equal(stored[0]!.role, "staff");
    const days = (stored[0]!.expiresAt.getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 6.9 && days <= 7, `expires in 7 days, not ${days}`);
    const { token, mail } = await invitationLink("nhanvien.moi@example.vn");
    assert.equal(stored[0]!.tokenHash, hashToken(token), "only the token's hash is stored");
    assert.match(mail.subject, new RegExp(company.name));

    const page = await client.get(`/doanh-nghiep/${company.slug}/thanh-vien?ok=invited`).expect(200);
    assert.match(page.text, /Đã gửi lời mời/);
    assert.match(page.text, /nhanvien\.moi@example\.vn/);

    const again = await invite(client, company.slug, "nhanvien.moi@example.vn");
    assert.equal(again.status, 409);
    assert.match(again.text, /đã có một lời mời đang chờ phản hồi/);
    assert.equal(await testApp.models.invitations.countDocuments({ enterpriseId: company.id }), 1);

    const [entry] = await auditOf("membership.invited", company.id);
    assert.equal(entry?.actor.userId, owner.id);
    assert.equal(entry?.actor.email, owner.email);
    assert.equal(entry?.from, null);
    assert.equal(entry?.to, "pending");
    assert.equal(entry?.details.email, "nhanvien.moi@example.vn");
    const [added] = await auditOf("membership.owner_added", company.id);
    assert.equal(added?.actor.kind, "system");
    assert.equal(added?.to, "owner");
  });

  it("when the address is not valid, then the form comes back with a message and what was typed, and nothing is stored", async () => {
    const company = await enterprise("tieu");
    const owner = await person("chu.tieu@example.vn");
    await testApp.services.memberships.addOwner(company.id, owner.id);
    const client = await signIn(testApp.app, owner.email, PASSWORD);

    const res = await invite(client, company.slug, "khong-phai-email");
    assert.equal(res.status, 422);
    assert.match(res.text, /Địa chỉ email không hợp lệ/);
    assert.match(res.text, /value="khong-phai-email"/);
    assert.equal(await testApp.models.invitations.countDocuments({ enterpriseId: company.id }), 0);
  });

  it("when a staff member tries to invite, remove a member or transfer ownership, then each gets 403 and nothing changes in the database", async () => {
    const company = await enterprise("saurieng");
    const owner = await person("chu.saurieng@example.vn");
    const staff = await person("nv.saurieng@example.vn");
    const colleague = await person("nv2.saurieng@example.vn");
    await testApp.services.memberships.addOwner(company.id, owner.id);
    await withStaff(company.id, staff.id);
    await withStaff(company.id, colleague.id);
    const before = await membersOf(company.id);
    const client = await signIn(testApp.app, staff.email, PASSWORD);

    const page = await client.get(`/doanh-nghiep/${company.slug}/thanh-vien`).expect(200);
    assert.match(page.text, /chu\.saurieng@example\.vn/, "staff see the members");
    assert.doesNotMatch(page.text, /thanh-vien\/moi/, "but not the invitation form");

    const attempts = [
      await invite(client, company.slug, "nguoi.ngoai@example.vn"),
      await client.post(`/doanh-nghiep/${company.slug}/thanh-vien/${colleague.id}/xoa`),
      await client.post(`/doanh-nghiep/${company.slug}/thanh-vien/${owner.id}/xoa`),
      await client.post(`/doanh-nghiep/${company.slug}/thanh-vien/${staff.id}/chuyen-quyen`, { confirm: "yes" }),
    ];
    assert.deepEqual(attempts.map((res) => res.status), [403, 403, 403, 403]);
    assert.deepEqual(await membersOf(company.id), before);
    assert.equal(await testApp.models.invitations.countDocuments({ enterpriseId: company.id }), 0);
    assert.deepEqual(await membershipAudit(company.id), []);

    // The service refuses too, whoever calls it.
    const context = { actor: { userId: staff.id, email: staff.email, kind: "user" as const }, ip: null, userAgent: null };
    await assert.rejects(
      testApp.services.memberships.invite(context, { enterpriseId: company.id, enterpriseName: { vi: "x", en: "x" }, actorUserId: staff.id, email: "a@example.vn", role: "staff" }),
      { status: 403 },
    );
    await assert.rejects(testApp.services.memberships.removeMember(context, { enterpriseId: company.id, actorUserId: staff.id, userId: colleague.id }), { status: 403 });
  });

  it("when a member of enterprise A addresses any route of enterprise B, then 404 on each and nothing of B changes", async () => {
    const a = await enterprise("a-dong");
    const b = await enterprise("b-tay");
    const ownerA = await person("chu.a@example.vn");
    const ownerB = await person("chu.b@example.vn");
    const staffB = await person("nv.b@example.vn");
    await testApp.services.memberships.addOwner(a.id, ownerA.id);
    await testApp.services.memberships.addOwner(b.id, ownerB.id);
    await withStaff(b.id, staffB.id);
    const ownerBContext = { actor: { userId: ownerB.id, email: ownerB.email, kind: "user" as const }, ip: null, userAgent: null };
    const { summary: tokenB } = await testApp.services.apiTokens.create(ownerBContext, { enterpriseId: b.id, actorUserId: ownerB.id, name: "ERP B" });
    const before = await membersOf(b.id);
    const client = await signIn(testApp.app, ownerA.email, PASSWORD);

    const statuses = [
      (await client.get(`/doanh-nghiep/${b.slug}/thanh-vien`)).status,
      (await client.get(`/doanh-nghiep/${b.id}/thanh-vien`)).status,
      (await invite(client, b.slug, "ke.gian@example.vn")).status,
      (await client.post(`/doanh-nghiep/${b.slug}/thanh-vien/${staffB.id}/xoa`)).status,
      (await client.post(`/doanh-nghiep/${b.slug}/thanh-vien/${staffB.id}/chuyen-quyen`, { confirm: "yes" })).status,
      (await client.get(`/doanh-nghiep/${b.slug}/api-token`)).status,
      (await client.post(`/doanh-nghiep/${b.slug}/api-token`, { name: "Trộm" })).status,
      (await client.post(`/doanh-nghiep/${b.slug}/api-token/${tokenB.id}/thu-hoi`)).status,
    ];
    assert.deepEqual(statuses, [404, 404, 404, 404, 404, 404, 404, 404]);

    // Nor through A's own pages: B's member and token ids mean nothing there.
    assert.equal((await client.post(`/doanh-nghiep/${a.slug}/thanh-vien/${staffB.id}/xoa`)).status, 404);
    assert.equal((await client.post(`/doanh-nghiep/${a.slug}/thanh-vien/${staffB.id}/chuyen-quyen`, { confirm: "yes" })).status, 404);
    assert.equal((await client.post(`/doanh-nghiep/${a.slug}/api-token/${tokenB.id}/thu-hoi`)).status, 404);

    assert.deepEqual(await membersOf(b.id), before);
    assert.equal(await testApp.models.invitations.countDocuments({ enterpriseId: b.id }), 0);
    const tokens = await testApp.models.apiTokens.find({ enterpriseId: b.id }).lean();
    assert.deepEqual(tokens.map((token) => [token.name, token.revokedAt]), [["ERP B", null]]);
    assert.deepEqual(await membersOf(a.id), [`${ownerA.id}:owner`]);
    assert.deepEqual(
      (await testApp.models.audit.find({ "subject.id": b.id, "actor.userId": ownerA.id }).lean()).length,
      0,
    );
  });

  it("when the invited address accepts, then it becomes a member once; another account cannot accept it and a second acceptance is refused", async () => {
    const company = await enterprise("chanhday");
    const owner = await person("chu.chanhday@example.vn");
    const invitee = await person("duoc.moi@example.vn");
    const stranger = await person("nguoi.khac@example.vn");
    await testApp.services.memberships.addOwner(company.id, owner.id);
    const ownerClient = await signIn(testApp.app, owner.email, PASSWORD);
    assert.equal((await invite(ownerClient, company.slug, "Duoc.Moi@example.vn")).status, 303);
    const { path } = await invitationLink("duoc.moi@example.vn");
    const [invitation] = await testApp.models.invitations.find({ enterpriseId: company.id }).lean();
    const invitationId = invitation!._id.toString();

    const strangerClient = await signIn(testApp.app, stranger.email, PASSWORD);
    const linked = await strangerClient.get(path).expect(200);
    assert.match(linked.text, /được gửi đến một địa chỉ email khác/);
    assert.doesNotMatch(linked.text, /tu-choi/, "the stranger sees no invitation to answer");
    assert.equal((await strangerClient.post(`/tai-khoan/loi-moi/${invitationId}/chap-nhan`)).status, 404);
    assert.equal((await strangerClient.post(`/tai-khoan/loi-moi/${invitationId}/tu-choi`)).status, 404);
    assert.equal(await testApp.models.memberships.countDocuments({ userId: stranger.id }), 0);

    const inviteeClient = await signIn(testApp.app, invitee.email, PASSWORD);
    const listed = await inviteeClient.get(path).expect(200);
    assert.match(listed.text, new RegExp(company.name));
    assert.match(listed.text, /aria-current="true"/, "the linked invitation is pointed out");
    const accepted = await inviteeClient.post(`/tai-khoan/loi-moi/${invitationId}/chap-nhan`);
    assert.equal(accepted.status, 303);
    assert.equal(accepted.headers.location, `/tai-khoan/loi-moi?ok=accepted&doanh-nghiep=${company.id}`);
    await inviteeClient.get(`/doanh-nghiep/${company.id}/thanh-vien`).expect(200);

    const again = await inviteeClient.post(`/tai-khoan/loi-moi/${invitationId}/chap-nhan`);
    assert.equal(again.status, 409);
    assert.match(again.text, /đã được trả lời/);
    assert.deepEqual(await membersOf(company.id), [`${invitee.id}:staff`, `${owner.id}:owner`].sort());
    const stored = await testApp.models.invitations.findById(invitationId).lean();
    assert.equal(stored?.status, "accepted");
    assert.equal(stored?.respondedBy?.toString(), invitee.id);

    const entries = await auditOf("membership.invitation_accepted", company.id);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.actor.userId, invitee.id);
    assert.equal(entries[0]!.from, "pending");
    assert.equal(entries[0]!.to, "accepted");
    assert.equal(entries[0]!.details.role, "staff");
  });

  it("when the same invitation is accepted by several requests at once, then exactly one membership is created", async () => {
    const company = await enterprise("macca");
    const owner = await person("chu.macca@example.vn");
    const invitee = await person("vo.cung@example.vn");
    await testApp.services.memberships.addOwner(company.id, owner.id);
    const context = { actor: { userId: owner.id, email: owner.email, kind: "user" as const }, ip: null, userAgent: null };
    const invitation = await testApp.services.memberships.invite(context, {
      enterpriseId: company.id, enterpriseName: { vi: company.name, en: company.name }, actorUserId: owner.id, email: invitee.email, role: "staff",
    });
    const inviteeContext = { ...context, actor: { userId: invitee.id, email: invitee.email, kind: "user" as const } };
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () => testApp.services.memberships.acceptInvitation(inviteeContext, { invitationId: invitation.id, user: invitee })),
    );
    assert.equal(outcomes.filter((outcome) => outcome.status === "fulfilled").length, 1);
    assert.equal(await testApp.models.memberships.countDocuments({ enterpriseId: company.id, userId: invitee.id }), 1);
    assert.equal((await auditOf("membership.invitation_accepted", company.id)).length, 1);
  });

  it("when an invitation is declined, then it can no longer be accepted, and the decline is audited", async () => {
    const company = await enterprise("ca-phe-xanh");
    const owner = await person("chu.xanh@example.vn");
    const invitee = await person("tu.choi@example.vn");
    await testApp.services.memberships.addOwner(company.id, owner.id);
    const ownerClient = await signIn(testApp.app, owner.email, PASSWORD);
    await invite(ownerClient, company.slug, invitee.email);
    const [invitation] = await testApp.models.invitations.find({ enterpriseId: company.id }).lean();
    const client = await signIn(testApp.app, invitee.email, PASSWORD);

    const declined = await client.post(`/tai-khoan/loi-moi/${invitation!._id}/tu-choi`);
    assert.equal(declined.status, 303);
    assert.equal((await client.post(`/tai-khoan/loi-moi/${invitation!._id}/chap-nhan`)).status, 409);
    assert.equal(await testApp.models.memberships.countDocuments({ userId: invitee.id }), 0);
    const page = await client.get("/tai-khoan/loi-moi").expect(200);
    assert.match(page.text, /Hiện không có lời mời nào/);
    const [entry] = await auditOf("membership.invitation_declined", company.id);
    assert.equal(entry?.actor.userId, invitee.id);
    assert.deepEqual([entry?.from, entry?.to], ["pending", "declined"]);
  });

  it("when an invitation has expired, then it is not listed, cannot be accepted, and the address can be invited again", async () => {
    const company = await enterprise("bo-mot-nang");
    const owner = await person("chu.bo@example.vn");
    const invitee = await person("tre.hen@example.vn");
    await testApp.services.memberships.addOwner(company.id, owner.id);
    const ownerClient = await signIn(testApp.app, owner.email, PASSWORD);
    await invite(ownerClient, company.slug, invitee.email);
    const [invitation] = await testApp.models.invitations.find({ enterpriseId: company.id }).lean();
    await testApp.models.invitations.updateOne({ _id: invitation!._id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });

    const client = await signIn(testApp.app, invitee.email, PASSWORD);
    const page = await client.get("/tai-khoan/loi-moi").expect(200);
    assert.doesNotMatch(page.text, new RegExp(company.name));
    const late = await client.post(`/tai-khoan/loi-moi/${invitation!._id}/chap-nhan`);
    assert.equal(late.status, 409);
    assert.match(late.text, /đã hết hạn/);
    assert.equal(await testApp.models.memberships.countDocuments({ userId: invitee.id }), 0);

    assert.equal((await invite(ownerClient, company.slug, invitee.email)).status, 303);
    const statuses = (await testApp.models.invitations.find({ enterpriseId: company.id }).sort({ createdAt: 1 }).lean()).map((row) => row.status);
    assert.deepEqual(statuses, ["expired", "pending"]);
  });

  it("when the owner transfers ownership to a staff member, then exactly one owner remains, the old owner is staff, and the transfer is audited from → to", async () => {
    const company = await enterprise("ho-tieu");
    const owner = await person("chu.hotieu@example.vn");
    const staff = await person("ke.nghiep@example.vn");
    const outsider = await person("ngoai.cuoc@example.vn");
    await testApp.services.memberships.addOwner(company.id, owner.id);
    await withStaff(company.id, staff.id);
    const client = await signIn(testApp.app, owner.email, PASSWORD);

    const unconfirmed = await client.post(`/doanh-nghiep/${company.slug}/thanh-vien/${staff.id}/chuyen-quyen`);
    assert.equal(unconfirmed.status, 422);
    assert.match(unconfirmed.text, /đánh dấu ô xác nhận/);
    const toOutsider = await client.post(`/doanh-nghiep/${company.slug}/thanh-vien/${outsider.id}/chuyen-quyen`, { confirm: "yes" });
    assert.equal(toOutsider.status, 404);
    assert.deepEqual(await membersOf(company.id), [`${owner.id}:owner`, `${staff.id}:staff`].sort());

    const res = await client.post(`/doanh-nghiep/${company.slug}/thanh-vien/${staff.id}/chuyen-quyen`, { confirm: "yes" });
    assert.equal(res.status, 303);
    const owners = await testApp.models.memberships.find({ enterpriseId: company.id, role: "owner" }).lean();
    assert.deepEqual(owners.map((row) => row.userId.toString()), [staff.id]);
    assert.deepEqual(await membersOf(company.id), [`${owner.id}:staff`, `${staff.id}:owner`].sort());

    // The old owner is staff now: the owners' actions are closed to them.
    assert.equal((await client.post(`/doanh-nghiep/${company.slug}/thanh-vien/${staff.id}/chuyen-quyen`, { confirm: "yes" })).status, 403);

    const [entry] = await auditOf("membership.ownership_transferred", company.id);
    assert.equal(entry?.actor.userId, owner.id);
    assert.equal(entry?.from, owner.id);
    assert.equal(entry?.to, staff.id);
  });

  it("when the only owner removes themselves, then it is refused and they stay owner; when they remove a staff member, then the membership is gone and the removal audited", async () => {
    const company = await enterprise("gao");
    const owner = await person("chu.gao@example.vn");
    const staff = await person("nv.gao@example.vn");
    await testApp.services.memberships.addOwner(company.id, owner.id);
    await withStaff(company.id, staff.id);
    const client = await signIn(testApp.app, owner.email, PASSWORD);

    const self = await client.post(`/doanh-nghiep/${company.slug}/thanh-vien/${owner.id}/xoa`);
    assert.equal(self.status, 409);
    assert.match(self.text, /ít nhất một chủ sở hữu/);
    assert.deepEqual(await membersOf(company.id), [`${owner.id}:owner`, `${staff.id}:staff`].sort());

    const removed = await client.post(`/doanh-nghiep/${company.slug}/thanh-vien/${staff.id}/xoa`);
    assert.equal(removed.status, 303);
    assert.deepEqual(await membersOf(company.id), [`${owner.id}:owner`]);
    const [entry] = await auditOf("membership.removed", company.id);
    assert.equal(entry?.actor.userId, owner.id);
    assert.deepEqual([entry?.from, entry?.to], ["staff", null]);
    assert.equal(entry?.details.userId, staff.id);
    assert.equal(entry?.details.email, staff.email);

    // The removed member's pages close at once.
    const staffClient = await signIn(testApp.app, staff.email, PASSWORD);
    assert.equal((await staffClient.get(`/doanh-nghiep/${company.slug}/thanh-vien`)).status, 404);
  });

  it("when a signed-out visitor opens a members page, then they are sent to sign in and brought back", async () => {
    const company = await enterprise("dieu");
    const res = await request(testApp.app).get(`/doanh-nghiep/${company.slug}/thanh-vien`).expect(303);
    assert.equal(res.headers.location, `/dang-nhap?returnTo=${encodeURIComponent(`/doanh-nghiep/${company.slug}/thanh-vien`)}`);
  });
});
