import assert from "node:assert/strict";
import { pino } from "pino";
import { createSmtpMailer } from "../../src/platform/mail/mail.ts";
import { createNotifications } from "../../src/platform/notify/index.ts";
import { signIn, type SessionAgent } from "../support/auth.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

const PASSWORD = "Cà phê Pleiku sáng sớm";
let sequence = 0;

async function person(t: TestApp, label: string, language: "vi" | "en" = "vi"): Promise<{ id: string; email: string; client: SessionAgent }> {
  sequence += 1;
  const email = `${label}-${sequence}@example.vn`;
  const { user } = await t.services.users.upsertUser({ email, password: PASSWORD, role: "user", name: `Người dùng ${label}` });
  await t.models.users.updateOne({ _id: user.id }, { $set: { language } });
  return { id: user.id, email, client: await signIn(t.app, email, PASSWORD) };
}

/** The unread count the header's badge shows, or 0 when there is no badge. */
function badgeOf(html: string): number {
  const match = html.match(/class="badge notify-badge" data-unread="(\d+)"/);
  return match ? Number(match[1]) : 0;
}

const itemsOf = (html: string) => [...html.matchAll(/data-notification="([0-9a-f]{24})"/g)].map((m) => m[1]!);

// A sentence of the app's own locale files with values, as an area's notification would use.
const MESSAGE = { key: "nomenclature.errors.unknownCode", params: { hsCode: "09011110" }, link: "/to-khai/abc" };

describe("in-app notifications", () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    await stopTestApp(t);
  });

  it("when a user is notified, then /thong-bao lists it for that user only, unread, linking to its page, and the header shows the count", async () => {
    const alice = await person(t, "alice");
    const bob = await person(t, "bob");
    await t.services.notifications.notify([alice.id], { ...MESSAGE, email: false });
    await t.services.notifications.notify([alice.id], { key: "notify.page.empty", link: "/tai-khoan", email: false });

    const page = await alice.client.get("/thong-bao").expect(200);
    assert.equal(itemsOf(page.text).length, 2);
    assert.match(page.text, /Không tìm thấy mã HS 09011110 trong danh mục hiện hành\./);
    assert.match(page.text, /<a href="\/to-khai\/abc">/);
    assert.equal((page.text.match(/notification-unread/g) ?? []).length, 2);
    assert.ok(page.text.indexOf("Bạn chưa có thông báo nào.") < page.text.indexOf("Không tìm thấy mã HS"), "newest first");
    assert.equal(badgeOf(page.text), 2);
    assert.equal(badgeOf((await alice.client.get("/tim-kiem").expect(200)).text), 2, "the badge on another area's page");

    const other = await bob.client.get("/thong-bao").expect(200);
    assert.equal(itemsOf(other.text).length, 0);
    assert.doesNotMatch(other.text, /09011110/);
    assert.equal(badgeOf(other.text), 0);

    const stored = await t.models.notifications.find({}).lean();
    assert.equal(stored.length, 2);
    assert.ok(stored.every((doc) => doc.userId.toString() === alice.id && doc.readAt === null));
    assert.deepEqual(stored.find((doc) => doc.link === "/to-khai/abc")?.params, { hsCode: "09011110" });
  });

  it("when a user marks one read, then only that one is read, the badge drops, and another user cannot mark it", async () => {
    const alice = await person(t, "alice");
    const bob = await person(t, "bob");
    await t.services.notifications.notify([alice.id], { ...MESSAGE, email: false });
    await t.services.notifications.notify([alice.id], { ...MESSAGE, link: "/to-khai/def", email: false });
    const [newest, older] = itemsOf((await alice.client.get("/thong-bao")).text);

    const refused = await bob.client.post(`/thong-bao/${older}/da-doc`, {}, "/thong-bao");
    assert.equal(refused.status, 404);
    assert.equal((await t.models.notifications.findById(older).lean())?.readAt, null);

    const done = await alice.client.post(`/thong-bao/${older}/da-doc`, {}, "/thong-bao");
    assert.equal(done.status, 303);
    assert.equal(done.headers.location, "/thong-bao?done=1");
    assert.ok((await t.models.notifications.findById(older).lean())?.readAt instanceof Date);
    assert.equal((await t.models.notifications.findById(newest).lean())?.readAt, null);
    const page = await alice.client.get("/thong-bao?done=1");
    assert.equal(badgeOf(page.text), 1);
    assert.equal((page.text.match(/notification-unread/g) ?? []).length, 1);
    assert.match(page.text, /Đã cập nhật trạng thái thông báo\./);
  });

  it("when a user marks all read, then every one of theirs is read and nobody else's", async () => {
    const alice = await person(t, "alice");
    const bob = await person(t, "bob");
    await t.services.notifications.notify([alice.id, bob.id], { ...MESSAGE, email: false });
    await t.services.notifications.notify([alice.id], { ...MESSAGE, email: false });

    const res = await alice.client.post("/thong-bao/da-doc", {}, "/thong-bao");
    assert.equal(res.status, 303);
    assert.equal(await t.services.notifications.unreadCount(alice.id), 0);
    assert.equal(await t.services.notifications.unreadCount(bob.id), 1);
    assert.equal(badgeOf((await alice.client.get("/thong-bao")).text), 0);
    assert.equal(badgeOf((await bob.client.get("/thong-bao")).text), 1);
  });

  it("when a POST comes without the CSRF token, then it is refused (403) and nothing is marked", async () => {
    const alice = await person(t, "alice");
    await t.services.notifications.notify([alice.id], { ...MESSAGE, email: false });
    const res = await alice.client.agent.post("/thong-bao/da-doc").type("form").send({});
    assert.equal(res.status, 403);
    assert.equal(await t.services.notifications.unreadCount(alice.id), 1);
  });

  it("when someone is not signed in, then /thong-bao sends them to sign in", async () => {
    const { default: request } = await import("supertest");
    const res = await request(t.app).get("/thong-bao").expect(303);
    assert.equal(res.headers.location, "/dang-nhap?returnTo=%2Fthong-bao");
  });

  it("when users are notified, then each gets an email in their own language with the link on this site", async () => {
    const vi = await person(t, "vi", "vi");
    const en = await person(t, "en", "en");
    await t.services.notifications.notify([vi.id, en.id], MESSAGE);

    const mails = await t.services.outbox!.latest(5);
    assert.equal(mails.length, 2);
    const toVi = mails.find((mail) => mail.to === vi.email);
    const toEn = mails.find((mail) => mail.to === en.email);
    assert.equal(toVi?.subject, "Không tìm thấy mã HS 09011110 trong danh mục hiện hành.");
    assert.equal(toEn?.subject, "HS code 09011110 is not in the current nomenclature.");
    assert.ok(toVi?.text.startsWith(`${toVi.subject}\n\n${t.config.baseUrl.replace(/\/+$/, "")}/to-khai/abc\n\n`));
    assert.match(toEn.text, /This is an automatic message from the Gia Lai Trade Exchange/);
    assert.match(toVi.text, /Đây là thư tự động/);
  });

  it("when the mail transport is down, then notify still succeeds, the failure is logged and the in-app notification is listed", async () => {
    const alice = await person(t, "alice");
    const logged: string[] = [];
    const logger = pino({ level: "error" }, { write: (line: string) => void logged.push(line) });
    // The real SMTP adapter pointed at a closed port: an outage, not a stub.
    const notifications = createNotifications({
      notifications: t.models.notifications,
      recipients: async () => [{ id: alice.id, email: alice.email, language: "vi" }],
      mailer: createSmtpMailer({ url: "smtp://127.0.0.1:9", from: "san@example.vn" }),
      translate: t.services.translate,
      baseUrl: t.config.baseUrl,
      logger,
    });
    await notifications.notify([alice.id], MESSAGE);

    assert.equal(logged.length, 1);
    assert.match(logged[0]!, /notification email failed/);
    const page = await alice.client.get("/thong-bao").expect(200);
    assert.equal(itemsOf(page.text).length, 1);
    assert.equal(badgeOf(page.text), 1);
  });

  it("when a link leaves the site, then notify refuses it and writes nothing", async () => {
    const alice = await person(t, "alice");
    await assert.rejects(t.services.notifications.notify([alice.id], { ...MESSAGE, link: "//evil.example/x" }));
    await assert.rejects(t.services.notifications.notify([alice.id], { ...MESSAGE, link: "https://evil.example/x" }));
    assert.equal(await t.models.notifications.countDocuments({}), 0);
  });
});
