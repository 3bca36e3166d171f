import assert from "node:assert/strict";
import request from "supertest";
import { register, SessionAgent, signIn } from "../support/auth.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

const PASSWORD = "Cà phê Pleiku sáng sớm";

describe("accounts: register, sign in, sign out", () => {
  let testApp: TestApp;
  before(async () => {
    testApp = await startTestApp();
  });
  after(() => stopTestApp(testApp));

  const auditActions = async (email: string) =>
    (await testApp.models.audit.find({ "actor.email": email }).sort({ at: 1 }).lean()).map((entry) => entry.action);

  it("when a buyer registers, sees the account page and signs out, then the account page asks to sign in again", async () => {
    const client = await register(testApp.app, { name: "Rơ Châm Hiền", email: "hien@htx-iagrai.vn", password: PASSWORD });
    const account = await client.get("/tai-khoan").expect(200);
    assert.match(account.text, /Rơ Châm Hiền/);
    assert.match(account.text, /hien@htx-iagrai\.vn/);
    assert.doesNotMatch(account.text, /returned an object/, "the signed-in header's messages resolve");

    const out = await client.post("/dang-xuat");
    assert.equal(out.status, 303);
    const home = await client.get("/").expect(200);
    assert.match(home.text, />Đăng nhập</);
    assert.doesNotMatch(home.text, /returned an object/);
    const after = await client.get("/tai-khoan").expect(303);
    assert.equal(after.headers.location, "/dang-nhap?returnTo=%2Ftai-khoan");
    const stored = await testApp.models.users.findOne({ email: "hien@htx-iagrai.vn" }).lean();
    assert.equal(stored?.role, "user");
    assert.match(stored.passwordHash, /^\$argon2id\$/);
  });

  it("when the password is wrong or the email unknown, then the same message comes back, taking similar time", async () => {
    await testApp.services.users.upsertUser({ email: "an@caphe-dakdoa.vn", password: PASSWORD, role: "user" });
    const attempt = async (email: string) => {
      const client = new SessionAgent(testApp.app);
      const started = process.hrtime.bigint();
      const res = await client.post("/dang-nhap", { email, password: "not the password" }, "/dang-nhap");
      return { res, ms: Number(process.hrtime.bigint() - started) / 1e6 };
    };
    const wrong = await attempt("an@caphe-dakdoa.vn");
    const unknown = await attempt("nobody@caphe-dakdoa.vn");
    for (const { res } of [wrong, unknown]) {
      assert.equal(res.status, 401);
      assert.match(res.text, /Email hoặc mật khẩu không đúng/);
    }
    // Both verify an argon2id hash: the unknown address cannot answer much faster.
    assert.ok(unknown.ms > wrong.ms / 3, `unknown ${unknown.ms} ms vs wrong ${wrong.ms} ms`);
    assert.deepEqual(await auditActions("an@caphe-dakdoa.vn"), ["auth.sign_in_failed"]);
    const failure = await testApp.models.audit.findOne({ "actor.email": "nobody@caphe-dakdoa.vn" }).lean();
    assert.equal(failure?.reason, "unknown_email");
    assert.ok(failure?.ip && failure.userAgent !== undefined);
  });

  it("when the password is short, common, or not repeated the same, then registration is refused with a message and nothing is stored", async () => {
    const cases: [string, string, RegExp][] = [
      ["short1", "short1", /ít nhất 8 ký tự/],
      ["password1", "password1", /quá phổ biến/],
      ["matkhau123", "matkhau123", /quá phổ biến/],
      [PASSWORD, `${PASSWORD}!`, /không khớp/],
    ];
    for (const [password, passwordConfirm, message] of cases) {
      const client = new SessionAgent(testApp.app);
      const res = await client.post("/dang-ky", { name: "Nay Blúp", email: "blup@example.vn", password, passwordConfirm }, "/dang-ky");
      assert.equal(res.status, 422, password);
      assert.match(res.text, message);
      assert.match(res.text, /value="Nay Blúp"/, "what the person typed is kept");
      assert.doesNotMatch(res.text, new RegExp(`value="${password}"`), "passwords are never echoed");
    }
    assert.equal(await testApp.models.users.countDocuments({ email: "blup@example.vn" }), 0);
  });

  it("when an address is registered again in other letter case, then it is refused", async () => {
    await register(testApp.app, { name: "Siu Hằng", email: "hang@honeygialai.vn", password: PASSWORD });
    const client = new SessionAgent(testApp.app);
    const res = await client.post("/dang-ky", { name: "Siu Hằng 2", email: "HANG@HoneyGiaLai.vn", password: PASSWORD, passwordConfirm: PASSWORD }, "/dang-ky");
    assert.equal(res.status, 422);
    assert.match(res.text, /đã được dùng/);
    assert.equal(await testApp.models.users.countDocuments({ email: "hang@honeygialai.vn" }), 1);
  });

  it("when a visitor signs in, then the session id changes (no fixation), and sign-out destroys it on the server", async () => {
    await testApp.services.users.upsertUser({ email: "binh@tieu-chuse.vn", password: PASSWORD, role: "user" });
    const client = new SessionAgent(testApp.app);
    await client.csrfToken("/dang-nhap"); // an anonymous session exists now
    const before = await client.sessionCookie();
    assert.ok(before);
    const res = await client.post("/dang-nhap", { email: "binh@tieu-chuse.vn", password: PASSWORD }, "/dang-nhap");
    assert.equal(res.status, 303);
    const after = await client.sessionCookie();
    assert.ok(after);
    assert.notEqual(after, before);

    const sessions = testApp.infrastructure.connection.collection("sessions");
    const sessionId = decodeURIComponent(after).slice(2).split(".")[0]!;
    assert.equal(await sessions.countDocuments({ _id: sessionId as never }), 1);
    await client.post("/dang-xuat");
    assert.equal(await sessions.countDocuments({ _id: sessionId as never }), 0);
    const replay = await request(testApp.app).get("/tai-khoan").set("Cookie", `sid=${after}`).expect(303);
    assert.match(replay.headers.location ?? "", /^\/dang-nhap/);
  });

  it("when a form is posted without its CSRF token, then it is refused with 403 and nothing changes", async () => {
    await testApp.services.users.upsertUser({ email: "csrf@example.vn", password: PASSWORD, role: "user", name: "Trước" });
    const client = await signIn(testApp.app, "csrf@example.vn", PASSWORD);
    const res = await client.agent.post("/tai-khoan").type("form").send({ name: "Sau", language: "en" });
    assert.equal(res.status, 403);
    assert.match(res.text, /tải lại trang/);
    const forged = await client.agent.post("/tai-khoan").type("form").send({ name: "Sau", language: "en", _csrf: "0".repeat(64) });
    assert.equal(forged.status, 403);
    assert.equal((await testApp.models.users.findOne({ email: "csrf@example.vn" }).lean())?.name, "Trước");
    const json = await client.agent.post("/tai-khoan").send({ name: "Sau", language: "en" });
    assert.equal(json.status, 403, "cookie-authenticated JSON needs the token too");
  });

  it("when sign-in carries query operators or __proto__, then it is refused with 400 and signs nobody in", async () => {
    await testApp.services.users.upsertUser({ email: "target@example.vn", password: PASSWORD, role: "admin" });
    const client = new SessionAgent(testApp.app);
    const token = await client.csrfToken("/dang-nhap");
    const operator = await client.agent
      .post("/dang-nhap")
      .set("X-CSRF-Token", token)
      .send({ email: { $gt: "" }, password: { $gt: "" } });
    assert.equal(operator.status, 400);
    const proto = await client.agent
      .post("/dang-nhap")
      .set("X-CSRF-Token", token)
      .set("Content-Type", "application/json")
      .send('{"email":"target@example.vn","password":"x","__proto__":{"isAdmin":true}}');
    assert.equal(proto.status, 400);
    const asString = await client.agent.post("/dang-nhap").set("X-CSRF-Token", token).send({ email: "target@example.vn", password: ["a"] });
    assert.equal(asString.status, 401, "a non-string password is just a failed sign-in");
    await client.get("/tai-khoan").expect(303);
    assert.equal(await testApp.models.audit.countDocuments({ action: "auth.sign_in", "actor.email": "target@example.vn" }), 0);
  });

  it("when returnTo points elsewhere, then sign-in lands on the home page; a same-site path is honoured", async () => {
    await testApp.services.users.upsertUser({ email: "redirect@example.vn", password: PASSWORD, role: "user" });
    for (const [returnTo, expected] of [
      ["//evil.example/phish", "/"],
      ["https://evil.example/", "/"],
      ["/\\evil.example", "/"],
      ["/tai-khoan?tab=1", "/tai-khoan?tab=1"],
    ]) {
      const client = new SessionAgent(testApp.app);
      const res = await client.post("/dang-nhap", { email: "redirect@example.vn", password: PASSWORD, returnTo: returnTo! }, "/dang-nhap");
      assert.equal(res.status, 303);
      assert.equal(res.headers.location, expected, returnTo);
    }
    const page = await request(testApp.app).get("/dang-nhap?returnTo=//evil.example").expect(200);
    assert.match(page.text, /name="returnTo" value="\/"/);
  });

  it("when the password changes, then the other sessions end and this one carries on; the change is audited", async () => {
    await testApp.services.users.upsertUser({ email: "doi@example.vn", password: PASSWORD, role: "user" });
    const laptop = await signIn(testApp.app, "doi@example.vn", PASSWORD);
    const phone = await signIn(testApp.app, "doi@example.vn", PASSWORD);
    const res = await laptop.post("/tai-khoan/mat-khau", {
      currentPassword: PASSWORD,
      newPassword: "Hồ tiêu Chư Sê mùa mới",
      newPasswordConfirm: "Hồ tiêu Chư Sê mùa mới",
    });
    assert.equal(res.status, 303);
    await laptop.get("/tai-khoan").expect(200);
    await phone.get("/tai-khoan").expect(303);
    await signIn(testApp.app, "doi@example.vn", "Hồ tiêu Chư Sê mùa mới");
    const user = await testApp.models.users.findOne({ email: "doi@example.vn" }).lean();
    assert.equal(await testApp.models.audit.countDocuments({ action: "auth.password_changed", "subject.id": user!._id.toString() }), 1);
  });

  it("when the current password is wrong, then the change is refused and the old password still works", async () => {
    await testApp.services.users.upsertUser({ email: "sai@example.vn", password: PASSWORD, role: "user" });
    const client = await signIn(testApp.app, "sai@example.vn", PASSWORD);
    const res = await client.post("/tai-khoan/mat-khau", { currentPassword: "nope nope", newPassword: "Một mật khẩu mới dài", newPasswordConfirm: "Một mật khẩu mới dài" });
    assert.equal(res.status, 422);
    assert.match(res.text, /Mật khẩu hiện tại không đúng/);
    await signIn(testApp.app, "sai@example.vn", PASSWORD);
  });

  it("when a session passes its absolute lifetime, then the visitor is signed out", async () => {
    await testApp.services.users.upsertUser({ email: "cu@example.vn", password: PASSWORD, role: "user" });
    const client = await signIn(testApp.app, "cu@example.vn", PASSWORD);
    await client.get("/tai-khoan").expect(200);
    const sessions = testApp.infrastructure.connection.collection("sessions");
    const twoDaysAgo = Date.now() - 48 * 3_600_000;
    await sessions.updateMany({ "session.passport.user": { $exists: true } }, { $set: { "session.signedInAt": twoDaysAgo } });
    await client.get("/tai-khoan").expect(303);
  });

  it("when a visitor opens the account page unsigned, then they are sent to sign in and brought back", async () => {
    await testApp.services.users.upsertUser({ email: "back@example.vn", password: PASSWORD, role: "user" });
    const first = await request(testApp.app).get("/tai-khoan").expect(303);
    assert.equal(first.headers.location, "/dang-nhap?returnTo=%2Ftai-khoan");
    const client = new SessionAgent(testApp.app);
    const res = await client.post("/dang-nhap", { email: "back@example.vn", password: PASSWORD, returnTo: "/tai-khoan" }, first.headers.location);
    assert.equal(res.headers.location, "/tai-khoan");
  });

  it("when the account language is set to English, then pages follow and the choice is stored", async () => {
    await testApp.services.users.upsertUser({ email: "lang@example.vn", password: PASSWORD, role: "user", name: "Lang" });
    const client = await signIn(testApp.app, "lang@example.vn", PASSWORD);
    const res = await client.post("/tai-khoan", { name: "Ksor Lang", language: "en" });
    assert.equal(res.status, 303);
    const page = await client.get("/tai-khoan").expect(200);
    assert.match(page.text, /<html lang="en"/);
    assert.match(page.text, /My account/);
    const stored = await testApp.models.users.findOne({ email: "lang@example.vn" }).lean();
    assert.deepEqual({ name: stored?.name, language: stored?.language }, { name: "Ksor Lang", language: "en" });
  });
});

describe("accounts in production settings", () => {
  let testApp: TestApp;
  before(async () => {
    testApp = await startTestApp({
      NODE_ENV: "production",
      SESSION_SECRET: "a-production-grade-secret-0123456789abcdef",
      STRIPE_SECRET_KEY: "sk_test_production_like",
      STRIPE_WEBHOOK_SECRET: "whsec_production_like",
      SMTP_URL: "smtp://127.0.0.1:1",
      TRUST_PROXY: "1",
    });
  });
  after(() => stopTestApp(testApp));

  it("when a user signs in behind the TLS proxy, then the session cookie is __Host-, Secure, HttpOnly and SameSite=Lax", async () => {
    await testApp.services.users.upsertUser({ email: "prod@example.vn", password: PASSWORD, role: "user" });
    const agent = request.agent(testApp.app);
    const form = await agent.get("/dang-nhap").set("X-Forwarded-Proto", "https").expect(200);
    const token = form.text.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const cookie = (form.headers["set-cookie"] as unknown as string[]).find((c) => c.startsWith("__Host-sid="));
    assert.ok(cookie, "a __Host- session cookie");
    const res = await agent
      .post("/dang-nhap")
      .set("X-Forwarded-Proto", "https")
      .set("Cookie", cookie.split(";")[0]!)
      .type("form")
      .send({ email: "prod@example.vn", password: PASSWORD, _csrf: token });
    assert.equal(res.status, 303);
    const signedIn = (res.headers["set-cookie"] as unknown as string[]).find((c) => c.startsWith("__Host-sid="))!;
    for (const flag of [/; Path=\//, /; HttpOnly/, /; Secure/, /; SameSite=Lax/]) assert.match(signedIn, flag);
    assert.doesNotMatch(signedIn, /Domain=/);
    assert.match(res.headers["strict-transport-security"] ?? "", /max-age=/);
  });

  it("when the development outbox is asked for in production, then it does not exist", async () => {
    await request(testApp.app).get("/dev/hop-thu").expect(404);
  });
});

describe("audit log", () => {
  let testApp: TestApp;
  before(async () => {
    testApp = await startTestApp();
  });
  after(() => stopTestApp(testApp));

  it("when anything tries to change or delete an audit entry, then it is refused: the log is append-only", async () => {
    await testApp.services.users.upsertUser({ email: "audit@example.vn", password: PASSWORD, role: "user" });
    await signIn(testApp.app, "audit@example.vn", PASSWORD);
    const { audit } = testApp.models;
    const entry = await audit.findOne({ action: "auth.sign_in" }).lean();
    assert.ok(entry, "the sign-in was recorded");
    assert.equal(entry.actor.email, "audit@example.vn");
    await assert.rejects(audit.updateOne({ _id: entry._id }, { $set: { action: "nothing" } }), /append-only/);
    await assert.rejects(audit.deleteMany({}), /append-only/);
    await assert.rejects(audit.findOneAndDelete({ _id: entry._id }), /append-only/);
    assert.equal((await audit.findById(entry._id).lean())?.action, "auth.sign_in");
  });
});
