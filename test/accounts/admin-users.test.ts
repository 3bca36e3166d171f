import assert from "node:assert/strict";
import request from "supertest";
import { signIn } from "../support/auth.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

const PASSWORD = "Rượu cần Kon Chiêng say lòng";
const ROLE_FORM = /action="\/quan-tri\/nguoi-dung\/([a-f\d]{24})\/vai-tro"/g;

describe("administrators: users and their roles", () => {
  let testApp: TestApp;
  before(async () => {
    testApp = await startTestApp({ RATE_LIMIT_SIGNIN_PER_IP: "1000" });
  });
  after(() => stopTestApp(testApp));

  const account = async (email: string, role: "user" | "moderator" | "admin") =>
    (await testApp.services.users.upsertUser({ email, password: PASSWORD, role })).user;
  const roleOf = async (id: string) => (await testApp.models.users.findById(id).lean())?.role;
  const roleChanges = (id: string) => testApp.models.audit.find({ action: "user.role_changed", "subject.id": id }).sort({ at: 1 }).lean();
  /** Removes every administrator but the ones named, so that each test decides who the last admin is. */
  const onlyAdmins = async (...keep: string[]) => {
    const others = await testApp.models.users.find({ role: "admin" }).lean();
    for (const other of others) {
      if (!keep.includes(other._id.toString())) await testApp.models.users.updateOne({ _id: other._id }, { $set: { role: "user" } });
    }
  };

  it("when a signed-out visitor, a user or a moderator opens the user list or posts a role change, then they are refused and nothing changes", async () => {
    const user = await account("thuong@example.vn", "user");
    const moderator = await account("kiemduyet@example.vn", "moderator");
    const anonymous = await request(testApp.app).get("/quan-tri/nguoi-dung").expect(303);
    assert.match(anonymous.headers.location ?? "", /^\/dang-nhap\?returnTo=/);
    for (const who of [user, moderator]) {
      const client = await signIn(testApp.app, who.email, PASSWORD);
      assert.equal((await client.get("/quan-tri/nguoi-dung")).status, 403);
      assert.equal((await client.post(`/quan-tri/nguoi-dung/${who.id}/vai-tro`, { role: "admin" })).status, 403);
      assert.equal(await roleOf(who.id), who.role);
      assert.equal((await roleChanges(who.id)).length, 0);
    }
  });

  it("when an admin lists users, then 50 come per page, and the list filters by role and by part of the email", async () => {
    const admin = await account("quantri.danhsach@socongthuong.vn", "admin");
    const now = new Date();
    await testApp.models.users.insertMany(
      Array.from({ length: 55 }, (_, i) => ({
        email: `nguoidung${String(i).padStart(2, "0")}@hoptacxa.vn`,
        passwordHash: "$argon2id$not-a-real-hash",
        name: `Người dùng ${i}`,
        role: i < 3 ? "moderator" : "user",
        createdAt: now,
        updatedAt: now,
      })),
    );
    const client = await signIn(testApp.app, admin.email, PASSWORD);

    const filtered = await client.get("/quan-tri/nguoi-dung?email=hoptacxa").expect(200);
    assert.equal([...filtered.text.matchAll(ROLE_FORM)].length, 50);
    assert.match(filtered.text, /Tìm thấy 55 tài khoản/);
    assert.match(filtered.text, /Trang 1\/2/);
    // Handlebars escapes "=" and "&" in attributes; a browser reads ?email=hoptacxa&trang=2.
    assert.match(filtered.text, /href="\/quan-tri\/nguoi-dung\?email&#x3D;hoptacxa&amp;trang&#x3D;2"/);
    const second = await client.get("/quan-tri/nguoi-dung?email=hoptacxa&trang=2").expect(200);
    assert.equal([...second.text.matchAll(ROLE_FORM)].length, 5);
    assert.match(second.text, /nguoidung54@hoptacxa\.vn/);

    const moderators = await client.get("/quan-tri/nguoi-dung?role=moderator&email=HOPTACXA").expect(200);
    assert.equal([...moderators.text.matchAll(ROLE_FORM)].length, 3);
    const oneAddress = await client.get("/quan-tri/nguoi-dung?email=nguoidung07@").expect(200);
    assert.equal([...oneAddress.text.matchAll(ROLE_FORM)].length, 1);
    // A filter is text, never a pattern or an operator.
    const pattern = await client.get("/quan-tri/nguoi-dung?email=.*").expect(200);
    assert.equal([...pattern.text.matchAll(ROLE_FORM)].length, 0);
    await client.get("/quan-tri/nguoi-dung?email[$ne]=x&role=king&trang=-3").expect(200);
  });

  it("when an admin changes a user's role, then it is stored, the list says so, and the change is audited from → to", async () => {
    const admin = await account("quantri.phanquyen@socongthuong.vn", "admin");
    const target = await account("se.kiemduyet@example.vn", "user");
    const client = await signIn(testApp.app, admin.email, PASSWORD);

    const res = await client.post(`/quan-tri/nguoi-dung/${target.id}/vai-tro`, { role: "moderator", returnTo: "/quan-tri/nguoi-dung?email=se.kiem" });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, "/quan-tri/nguoi-dung?email=se.kiem&ok=roleChanged");
    assert.equal(await roleOf(target.id), "moderator");
    const page = await client.get(res.headers.location).expect(200);
    assert.match(page.text, /Đã cập nhật vai trò/);

    const [entry, ...more] = await roleChanges(target.id);
    assert.equal(more.length, 0);
    assert.equal(entry?.actor.userId, admin.id);
    assert.equal(entry?.actor.email, admin.email);
    assert.deepEqual([entry?.from, entry?.to], ["user", "moderator"]);
    assert.deepEqual(entry?.subject, { type: "user", id: target.id });

    // Another site as returnTo is ignored: back to the list.
    const elsewhere = await client.post(`/quan-tri/nguoi-dung/${target.id}/vai-tro`, { role: "user", returnTo: "https://example.com/" });
    assert.equal(elsewhere.headers.location, "/quan-tri/nguoi-dung?ok=roleChanged");
  });

  it("when the role is not user, moderator or admin, then 422 and nothing changes", async () => {
    const admin = await account("quantri.sai@socongthuong.vn", "admin");
    const target = await account("giu.nguyen@example.vn", "user");
    const client = await signIn(testApp.app, admin.email, PASSWORD);
    const res = await client.post(`/quan-tri/nguoi-dung/${target.id}/vai-tro`, { role: "king" });
    assert.equal(res.status, 422);
    assert.match(res.text, /Vai trò phải là user, moderator hoặc admin/);
    assert.equal(await roleOf(target.id), "user");
    assert.equal((await roleChanges(target.id)).length, 0);
  });

  it("when the last admin demotes themselves, then it is refused and they stay admin; once there is a second admin, they can", async () => {
    const admin = await account("quantri.cuoicung@socongthuong.vn", "admin");
    await onlyAdmins(admin.id);
    const client = await signIn(testApp.app, admin.email, PASSWORD);

    const refused = await client.post(`/quan-tri/nguoi-dung/${admin.id}/vai-tro`, { role: "user" });
    assert.equal(refused.status, 409);
    assert.match(refused.text, /ít nhất một quản trị viên/);
    assert.equal(await roleOf(admin.id), "admin");
    assert.equal((await roleChanges(admin.id)).length, 0);

    const colleague = await account("quantri.ketiep@socongthuong.vn", "moderator");
    assert.equal((await client.post(`/quan-tri/nguoi-dung/${colleague.id}/vai-tro`, { role: "admin" })).status, 303);
    const stepDown = await client.post(`/quan-tri/nguoi-dung/${admin.id}/vai-tro`, { role: "moderator" });
    assert.equal(stepDown.status, 303);
    assert.equal(await roleOf(admin.id), "moderator");
    const [entry] = await roleChanges(admin.id);
    assert.deepEqual([entry?.actor.userId, entry?.from, entry?.to], [admin.id, "admin", "moderator"]);
    // No longer an admin: the console closes on the next request.
    assert.equal((await client.get("/quan-tri/nguoi-dung")).status, 403);
  });

  it("when two last admins demote each other at the same moment, then at least one admin remains", async () => {
    const first = await account("quantri.mot@socongthuong.vn", "admin");
    const second = await account("quantri.hai@socongthuong.vn", "admin");
    await onlyAdmins(first.id, second.id);
    const context = (who: typeof first) => ({ actor: { userId: who.id, email: who.email, kind: "user" as const }, ip: null, userAgent: null });
    await Promise.allSettled([
      testApp.services.userAdmin.changeRole(context(first), { actorUserId: first.id, userId: second.id, role: "user" }),
      testApp.services.userAdmin.changeRole(context(second), { actorUserId: second.id, userId: first.id, role: "user" }),
    ]);
    assert.ok((await testApp.models.users.countDocuments({ role: "admin" })) >= 1);
  });
});
