import assert from "node:assert/strict";
import request from "supertest";
import { hashToken } from "../../src/platform/secrets.ts";
import { signIn } from "../support/auth.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

const PASSWORD = "Bơ sáp Krông Pa mùa mới";
const TOKEN_IN_PAGE = /glx_[\w-]{43}/g;

describe("enterprise API tokens", () => {
  let testApp: TestApp;
  before(async () => {
    testApp = await startTestApp({ RATE_LIMIT_SIGNIN_PER_IP: "1000" });
  });
  after(() => stopTestApp(testApp));

  let sequence = 0;
  /** A verified enterprise and its owner, signed in. */
  async function ownedEnterprise(label: string) {
    sequence += 1;
    const slug = `${label}-${sequence}`;
    const doc = await testApp.models.enterprises.create({
      slug,
      name: { vi: `Hợp tác xã ${label} ${sequence}`, en: `${label} ${sequence} Cooperative` },
      taxCode: `41002${String(sequence).padStart(5, "0")}`,
      kind: "cooperative",
      status: "verified",
      verifiedAt: new Date(),
      address: { street: "45 Nguyễn Huệ", commune: "Phường Quy Nhơn" },
    });
    const { user: owner } = await testApp.services.users.upsertUser({ email: `chu.${slug}@example.vn`, password: PASSWORD, role: "user" });
    await testApp.services.memberships.addOwner(doc._id.toString(), owner.id);
    const client = await signIn(testApp.app, owner.email, PASSWORD);
    return { id: doc._id.toString(), slug, taxCode: doc.taxCode, name: { vi: doc.name.vi, en: doc.name.en }, owner, client };
  }
  async function createToken(company: Awaited<ReturnType<typeof ownedEnterprise>>, name: string) {
    const res = await company.client.post(`/doanh-nghiep/${company.slug}/api-token`, { name });
    assert.equal(res.status, 201, res.text.slice(0, 300));
    const shown = [...new Set(res.text.match(TOKEN_IN_PAGE) ?? [])];
    assert.equal(shown.length, 1, "the new token is on the page");
    return shown[0]!;
  }
  const api = (token: string) => request(testApp.app).get("/api/v1/enterprise").set("Authorization", `Bearer ${token}`);

  it("when an owner creates a token, then it is shown once, stored only as a sha256 hash with a display prefix, and audited", async () => {
    const company = await ownedEnterprise("tra");
    const res = await company.client.post(`/doanh-nghiep/${company.slug}/api-token`, { name: "  Phần mềm MISA  " });
    assert.equal(res.status, 201);
    assert.match(res.headers["cache-control"] ?? "", /no-store/);
    const token = res.text.match(TOKEN_IN_PAGE)![0];
    assert.match(token, /^glx_[\w-]{43}$/, "glx_ and 32 random bytes in base64url");

    const stored = await testApp.models.apiTokens.find({ enterpriseId: company.id }).lean();
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.name, "Phần mềm MISA");
    assert.equal(stored[0]!.tokenHash, hashToken(token));
    assert.equal(stored[0]!.prefix, token.slice(0, 10));
    assert.ok(!JSON.stringify(stored[0]).includes(token), "the token itself is not stored");

    const later = await company.client.get(`/doanh-nghiep/${company.slug}/api-token`).expect(200);
    assert.doesNotMatch(later.text, TOKEN_IN_PAGE, "never shown again");
    assert.match(later.text, new RegExp(`${token.slice(0, 10)}…`));
    assert.match(later.text, /Chưa sử dụng/);

    const [entry] = await testApp.models.audit.find({ action: "api_token.created", "subject.id": company.id }).lean();
    assert.equal(entry?.actor.userId, company.owner.id);
    assert.deepEqual([entry?.from, entry?.to], [null, "active"]);
    assert.equal(entry?.details.tokenId, stored[0]!._id.toString());
    assert.ok(!JSON.stringify(entry).includes(token), "nor is it in the audit log");
  });

  it("when the token name is empty, then the form says so and nothing is stored", async () => {
    const company = await ownedEnterprise("cacao");
    const res = await company.client.post(`/doanh-nghiep/${company.slug}/api-token`, { name: "   " });
    assert.equal(res.status, 422);
    assert.match(res.text, /Vui lòng nhập tên khóa/);
    assert.equal(await testApp.models.apiTokens.countDocuments({ enterpriseId: company.id }), 0);
  });

  it("when a token calls GET /api/v1/enterprise with Authorization: Bearer, then it gets its own enterprise and its last use is recorded at most once a minute", async () => {
    const company = await ownedEnterprise("ca-phe");
    const token = await createToken(company, "ERP");

    const res = await api(token).expect(200);
    assert.deepEqual(res.body, { id: company.id, slug: company.slug, name: company.name, taxCode: company.taxCode, status: "verified" });
    const first = await testApp.models.apiTokens.findOne({ enterpriseId: company.id }).lean();
    assert.ok(first?.lastUsedAt instanceof Date, "last use recorded");
    assert.ok(Date.now() - first.lastUsedAt.getTime() < 10_000);

    await api(token).expect(200);
    const second = await testApp.models.apiTokens.findOne({ enterpriseId: company.id }).lean();
    assert.equal(second?.lastUsedAt?.getTime(), first.lastUsedAt.getTime(), "not rewritten within the minute");

    const page = await company.client.get(`/doanh-nghiep/${company.slug}/api-token`).expect(200);
    assert.doesNotMatch(page.text, /Chưa sử dụng/);
  });

  it("when a token is revoked, then the next request with it gets 401 at once, and the revocation is audited", async () => {
    const company = await ownedEnterprise("tieu");
    const token = await createToken(company, "Kho hàng");
    await api(token).expect(200);
    const [stored] = await testApp.models.apiTokens.find({ enterpriseId: company.id }).lean();

    const revoked = await company.client.post(`/doanh-nghiep/${company.slug}/api-token/${stored!._id}/thu-hoi`);
    assert.equal(revoked.status, 303);
    await api(token).expect(401);

    const again = await company.client.post(`/doanh-nghiep/${company.slug}/api-token/${stored!._id}/thu-hoi`);
    assert.equal(again.status, 409);
    const page = await company.client.get(`/doanh-nghiep/${company.slug}/api-token`).expect(200);
    assert.match(page.text, /Đã thu hồi lúc/);
    const entries = await testApp.models.audit.find({ action: "api_token.revoked", "subject.id": company.id }).lean();
    assert.equal(entries.length, 1);
    assert.equal(entries[0]!.actor.userId, company.owner.id);
    assert.deepEqual([entries[0]!.from, entries[0]!.to], ["active", "revoked"]);
    assert.equal(entries[0]!.details.tokenId, stored!._id.toString());
  });

  it("when enterprise A's token is used, then it reads A only, whatever the request names", async () => {
    const a = await ownedEnterprise("dong");
    const b = await ownedEnterprise("tay");
    const tokenA = await createToken(a, "ERP A");
    await createToken(b, "ERP B");

    const plain = await api(tokenA).expect(200);
    const naming = await request(testApp.app)
      .get(`/api/v1/enterprise?id=${b.id}&slug=${b.slug}&enterpriseId=${b.id}`)
      .set("Authorization", `Bearer ${tokenA}`)
      .expect(200);
    for (const body of [plain.body, naming.body]) {
      assert.equal(body.id, a.id);
      assert.equal(body.taxCode, a.taxCode);
    }
    // A's owner's session cannot reach B's tokens either (covered route by route in memberships.test.ts).
    assert.equal((await a.client.get(`/doanh-nghiep/${b.slug}/api-token`)).status, 404);
  });

  it("when a request has no token, an unknown one or a malformed one, then 401; a person's session is told to use a token (403)", async () => {
    const company = await ownedEnterprise("mia");
    await request(testApp.app).get("/api/v1/enterprise").expect(401);
    await api(`glx_${"A".repeat(43)}`).expect(401);
    await api("not-a-token").expect(401);
    const session = await company.client.get("/api/v1/enterprise");
    assert.equal(session.status, 403);
    assert.equal(session.body.error.code, "forbidden");
  });

  it("when a staff member opens or posts to the token page, then 403 and no token is created or revoked", async () => {
    const company = await ownedEnterprise("dieu");
    const token = await createToken(company, "Bán hàng");
    const [stored] = await testApp.models.apiTokens.find({ enterpriseId: company.id }).lean();
    const { user: staff } = await testApp.services.users.upsertUser({ email: `nv.${company.slug}@example.vn`, password: PASSWORD, role: "user" });
    await testApp.models.memberships.create({ enterpriseId: company.id, userId: staff.id, role: "staff" });
    const client = await signIn(testApp.app, staff.email, PASSWORD);

    assert.equal((await client.get(`/doanh-nghiep/${company.slug}/api-token`)).status, 403);
    assert.equal((await client.post(`/doanh-nghiep/${company.slug}/api-token`, { name: "Của nhân viên" })).status, 403);
    assert.equal((await client.post(`/doanh-nghiep/${company.slug}/api-token/${stored!._id}/thu-hoi`)).status, 403);
    const tokens = await testApp.models.apiTokens.find({ enterpriseId: company.id }).lean();
    assert.deepEqual(tokens.map((row) => [row.name, row.revokedAt]), [["Bán hàng", null]]);
    await api(token).expect(200);
  });
});
