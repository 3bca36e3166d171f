import assert from "node:assert/strict";
import sharp from "sharp";
import request from "supertest";
import { csrfTokenIn, type SessionAgent } from "../support/auth.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";
import { person, storedEnterprise } from "./enterprise-fixtures.ts";

describe("enterprise logo and banner: uploads by members, WebP renditions in GridFS, shown on the storefront", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ RATE_LIMIT_SIGNIN_PER_IP: "1000" });
  });
  after(() => stopTestApp(t));

  let sequence = 0;
  const png = (width: number, height: number) =>
    sharp({ create: { width, height, channels: 3, background: { r: 30, g: 90, b: 60 } } }).png().toBuffer();
  const binary = (res: request.Request) =>
    res.buffer(true).parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk)).on("end", () => done(null, Buffer.concat(chunks)));
    });
  const gridFsNames = async () =>
    (await t.infrastructure.connection.db!.collection("images.files").find({}, { projection: { filename: 1 } }).toArray()).map((file) => String(file.filename));
  const stored = async (id: string) => (await t.models.enterprises.findById(id).lean())!;
  const auditOf = (id: string) => t.models.audit.find({ "subject.type": "enterprise", "subject.id": id }).lean();

  async function enterpriseWith(role: "owner" | "staff") {
    sequence += 1;
    const enterprise = await storedEnterprise(t);
    const member = await person(t, `${role}.anh.${sequence}.${process.pid}@example.vn`);
    await t.models.memberships.create({ enterpriseId: enterprise.id, userId: member.id, role });
    return { enterprise, client: member.client, editPath: `/doanh-nghiep/${enterprise.slug}/sua` };
  }
  const tokenOn = async (client: SessionAgent, path: string) => csrfTokenIn((await client.get(path)).text);
  const upload = async (client: SessionAgent, editPath: string, path: string, file: Buffer, filename = "logo.png") =>
    client.agent.post(path).field("_csrf", await tokenOn(client, editPath)).attach("image", file, { filename, contentType: "image/png" });

  it("when the owner uploads a PNG logo, then it is stored, shown on the storefront and the directory, and served as WebP", async () => {
    const { enterprise, client, editPath } = await enterpriseWith("owner");
    const res = await upload(client, editPath, `/doanh-nghiep/${enterprise.slug}/anh/logo`, await png(600, 600));
    assert.equal(res.status, 303, res.text.slice(0, 300));
    assert.equal(res.headers.location, `${editPath}?ok=logoSaved`);
    const logoImageId = (await stored(enterprise.id)).logoImageId;
    assert.match(logoImageId ?? "", /^[a-f\d]{24}$/);

    const storefront = await request(t.app).get(`/doanh-nghiep/${enterprise.slug}`);
    assert.equal(storefront.status, 200);
    assert.match(storefront.text, new RegExp(`<img class="enterprise-logo" src="/anh/${logoImageId}/400.webp" width="112" height="112" alt="Logo của ${enterprise.name}">`));
    const directory = await request(t.app).get("/doanh-nghiep");
    assert.match(directory.text, new RegExp(`/anh/${logoImageId}/400.webp`));
    const editPage = await client.get(`${editPath}?ok=logoSaved`);
    assert.match(editPage.text, /Đã cập nhật logo doanh nghiệp\./);

    const image = await binary(request(t.app).get(`/anh/${logoImageId}/400.webp`));
    assert.equal(image.status, 200);
    assert.equal(image.headers["content-type"], "image/webp");
    const meta = await sharp(image.body as Buffer).metadata();
    assert.equal(meta.format, "webp");
    assert.equal(meta.width, 400);
    const [entry] = await auditOf(enterprise.id);
    assert.equal(entry?.action, "enterprise.logo_changed");
    assert.equal(entry?.to, logoImageId);
  });

  it("when staff upload a banner, then a 1600×400 WebP cover crop is stored and shown as an <img> band with alt text", async () => {
    const { enterprise, client, editPath } = await enterpriseWith("staff");
    const res = await upload(client, editPath, `/doanh-nghiep/${enterprise.slug}/anh/banner`, await png(1200, 900), "bia.png");
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const bannerImageId = (await stored(enterprise.id)).bannerImageId;
    assert.ok(bannerImageId);
    const image = await binary(request(t.app).get(`/anh/${bannerImageId}/1600.webp`));
    assert.equal(image.status, 200);
    const meta = await sharp(image.body as Buffer).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ["webp", 1600, 400]);
    const storefront = await request(t.app).get(`/doanh-nghiep/${enterprise.slug}`);
    assert.match(storefront.text, new RegExp(`<img class="storefront-banner" src="/anh/${bannerImageId}/1600.webp" width="1600" height="400" alt="Ảnh bìa gian hàng ${enterprise.name}">`));
    assert.doesNotMatch(storefront.text, /style="/);
  });

  it("when the logo is replaced, then the new image is stored and the old one's GridFS files are deleted", async () => {
    const { enterprise, client, editPath } = await enterpriseWith("owner");
    await upload(client, editPath, `/doanh-nghiep/${enterprise.slug}/anh/logo`, await png(300, 300));
    const first = (await stored(enterprise.id)).logoImageId!;
    assert.ok((await gridFsNames()).includes(`${first}/400.webp`));
    const res = await upload(client, editPath, `/doanh-nghiep/${enterprise.slug}/anh/logo`, await png(500, 500));
    assert.equal(res.status, 303);
    const second = (await stored(enterprise.id)).logoImageId!;
    assert.notEqual(second, first);
    const names = await gridFsNames();
    assert.ok(names.includes(`${second}/400.webp`) && names.includes(`${second}/1200.webp`));
    assert.equal(names.filter((name) => name.startsWith(`${first}/`)).length, 0);
    assert.equal((await request(t.app).get(`/anh/${first}/400.webp`)).status, 404);
    const changes = (await auditOf(enterprise.id)).filter((entry) => entry.action === "enterprise.logo_changed");
    assert.equal(changes.length, 2);
    assert.ok(changes.some((entry) => entry.from === first && entry.to === second));
  });

  it("when a text file is renamed .png, then the upload is refused (422) with the message and nothing is stored", async () => {
    const { enterprise, client, editPath } = await enterpriseWith("owner");
    const before = (await gridFsNames()).length;
    const res = await upload(client, editPath, `/doanh-nghiep/${enterprise.slug}/anh/logo`, Buffer.from("đây không phải là ảnh\n".repeat(50)), "logo.png");
    assert.equal(res.status, 422);
    assert.match(res.text, /không phải ảnh JPEG, PNG hoặc WebP/);
    assert.equal((await stored(enterprise.id)).logoImageId, undefined);
    assert.equal((await gridFsNames()).length, before);
    assert.equal((await auditOf(enterprise.id)).length, 0);
  });

  it("when a file is over 5 MB, then the upload is refused (413) with a message in Vietnamese and nothing is stored", async () => {
    const { enterprise, client, editPath } = await enterpriseWith("owner");
    const big = Buffer.concat([await png(10, 10), Buffer.alloc(5 * 1024 * 1024 + 10)]);
    const res = await upload(client, editPath, `/doanh-nghiep/${enterprise.slug}/anh/banner`, big, "lon.png");
    assert.equal(res.status, 413);
    assert.match(res.text, /vượt quá dung lượng cho phép 5 MB/);
    assert.equal((await stored(enterprise.id)).bannerImageId, undefined);
  });

  it("when an upload carries no CSRF token, then it is refused (403) and nothing is stored", async () => {
    const { enterprise, client } = await enterpriseWith("owner");
    const res = await client.agent.post(`/doanh-nghiep/${enterprise.slug}/anh/logo`).attach("image", await png(100, 100), { filename: "a.png", contentType: "image/png" });
    assert.equal(res.status, 403);
    assert.equal((await stored(enterprise.id)).logoImageId, undefined);
  });

  it("when a member of another enterprise uploads or removes this enterprise's logo, then it is 404 and nothing changes", async () => {
    const { enterprise } = await enterpriseWith("owner");
    const other = await enterpriseWith("owner");
    const token = await tokenOn(other.client, other.editPath);
    const res = await other.client.agent.post(`/doanh-nghiep/${enterprise.slug}/anh/logo`).field("_csrf", token).attach("image", await png(100, 100), { filename: "a.png", contentType: "image/png" });
    assert.equal(res.status, 404);
    const removal = await other.client.post(`/doanh-nghiep/${enterprise.slug}/anh/logo/xoa`, {}, other.editPath);
    assert.equal(removal.status, 404);
    assert.equal((await stored(enterprise.id)).logoImageId, undefined);
  });

  it("when the owner removes the logo, then the field is unset, its files are deleted, the storefront shows none and it is audited", async () => {
    const { enterprise, client, editPath } = await enterpriseWith("owner");
    await upload(client, editPath, `/doanh-nghiep/${enterprise.slug}/anh/logo`, await png(200, 200));
    const logoImageId = (await stored(enterprise.id)).logoImageId!;
    const res = await client.post(`/doanh-nghiep/${enterprise.slug}/anh/logo/xoa`, {}, editPath);
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `${editPath}?ok=logoRemoved`);
    assert.equal((await stored(enterprise.id)).logoImageId, undefined);
    assert.equal((await gridFsNames()).filter((name) => name.startsWith(`${logoImageId}/`)).length, 0);
    const storefront = await request(t.app).get(`/doanh-nghiep/${enterprise.slug}`);
    assert.doesNotMatch(storefront.text, /enterprise-logo/);
    const removed = (await auditOf(enterprise.id)).find((entry) => entry.action === "enterprise.logo_removed");
    assert.equal(removed?.from, logoImageId);
    assert.equal(removed?.actor?.email?.startsWith("owner.anh."), true);
  });
});
