import assert from "node:assert/strict";
import { SessionAgent, signIn } from "../support/auth.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";
import { hashToken } from "../../src/platform/secrets.ts";

const OLD = "Chanh dây Kbang vàng óng";
const NEW = "Mật ong rừng Chư Păh";

describe("password reset", () => {
  let testApp: TestApp;
  before(async () => {
    testApp = await startTestApp();
  });
  after(() => stopTestApp(testApp));

  const latestLink = async (email: string) => {
    const [mail] = await testApp.models.outbox.find({ to: email }).sort({ sentAt: -1, _id: -1 }).limit(1).lean();
    assert.ok(mail, `a mail was sent to ${email}`);
    const match = mail.text.match(/http:\/\/localhost:\d+(\/dat-lai-mat-khau\/[\w-]+)/);
    assert.ok(match, mail.text);
    return match[1]!;
  };

  it("when a user resets the password with the mailed link, then the new password works, the old does not, other sessions end, and the link works once", async () => {
    await testApp.services.users.upsertUser({ email: "quen@example.vn", password: OLD, role: "user" });
    const elsewhere = await signIn(testApp.app, "quen@example.vn", OLD);

    const client = new SessionAgent(testApp.app);
    const asked = await client.post("/quen-mat-khau", { email: "Quen@Example.vn" }, "/quen-mat-khau");
    assert.equal(asked.status, 200);
    assert.match(asked.text, /Nếu email này đã đăng ký/);
    const link = await latestLink("quen@example.vn");

    const stored = await testApp.models.passwordResets.find().lean();
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.tokenHash, hashToken(link.split("/").pop()!), "only the token's hash is stored");

    await client.get(link).expect(200);
    const done = await client.post(link, { password: NEW, passwordConfirm: NEW }, link);
    assert.equal(done.status, 303);
    assert.equal(done.headers.location, "/dang-nhap?reset=1");

    await signIn(testApp.app, "quen@example.vn", NEW);
    const old = await new SessionAgent(testApp.app).post("/dang-nhap", { email: "quen@example.vn", password: OLD }, "/dang-nhap");
    assert.equal(old.status, 401);
    await elsewhere.get("/tai-khoan").expect(303);

    await client.get(link).expect(410);
    const again = await client.post(link, { password: "Một lần nữa thôi nhé", passwordConfirm: "Một lần nữa thôi nhé" }, "/quen-mat-khau");
    assert.equal(again.status, 422);
    assert.match(again.text, /đã được dùng hoặc đã hết hạn/);
    await signIn(testApp.app, "quen@example.vn", NEW);
  });

  it("when the address has no account, then the answer is the same and no mail is sent", async () => {
    const client = new SessionAgent(testApp.app);
    const res = await client.post("/quen-mat-khau", { email: "khongco@example.vn" }, "/quen-mat-khau");
    assert.equal(res.status, 200);
    assert.match(res.text, /Nếu email này đã đăng ký/);
    assert.equal(await testApp.models.outbox.countDocuments({ to: "khongco@example.vn" }), 0);
  });

  it("when a reset link has expired, then it is refused and the password is unchanged", async () => {
    await testApp.services.users.upsertUser({ email: "hethan@example.vn", password: OLD, role: "user" });
    const client = new SessionAgent(testApp.app);
    await client.post("/quen-mat-khau", { email: "hethan@example.vn" }, "/quen-mat-khau");
    const link = await latestLink("hethan@example.vn");
    await testApp.models.passwordResets.updateOne(
      { tokenHash: hashToken(link.split("/").pop()!) },
      { $set: { expiresAt: new Date(Date.now() - 1_000) } },
    );
    await client.get(link).expect(410);
    const res = await client.post(link, { password: NEW, passwordConfirm: NEW }, "/quen-mat-khau");
    assert.equal(res.status, 422);
    await signIn(testApp.app, "hethan@example.vn", OLD);
  });

  it("when the development outbox is opened, then the reset mail is there", async () => {
    const page = await new SessionAgent(testApp.app).get("/dev/hop-thu").expect(200);
    assert.match(page.text, /Đặt lại mật khẩu/);
  });
});
