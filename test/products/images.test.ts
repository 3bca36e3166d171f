import assert from "node:assert/strict";
import sharp from "sharp";
import request from "supertest";
import { csrfTokenIn, signIn, type SessionAgent } from "../support/auth.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";
import { listingForm, makeEnterprise, makeMember, PASSWORD, seedCatalogue } from "./listing.fixtures.ts";

describe("listing images: content-checked uploads, WebP renditions in GridFS, cached serving", () => {
  let testApp: TestApp;
  before(async () => {
    testApp = await startTestApp({ RATE_LIMIT_SIGNIN_PER_IP: "1000" });
    await seedCatalogue(testApp);
  });
  after(() => stopTestApp(testApp));

  const png = (width: number, height: number) =>
    sharp({ create: { width, height, channels: 3, background: { r: 120, g: 80, b: 40 } } }).png().toBuffer();

  async function draftOfNewSeller() {
    const enterprise = await makeEnterprise(testApp, "anh");
    const owner = await makeMember(testApp, enterprise.id, "owner");
    const agent = await signIn(testApp.app, owner.email, PASSWORD);
    const base = `/doanh-nghiep/${enterprise.slug}/san-pham`;
    const created = await agent.post(`${base}/moi`, listingForm());
    assert.equal(created.status, 303);
    const editPath = `${base}/HT-DEN-01/sua`;
    return { enterprise, agent, editPath, uploadPath: `${base}/HT-DEN-01/anh` };
  }
  const tokenOn = async (agent: SessionAgent, path: string) => csrfTokenIn((await agent.get(path)).text);
  const storedImages = async (enterpriseId: string) =>
    (await testApp.models.products.findOne({ enterpriseId, sku: "HT-DEN-01" }).lean())!.images ?? [];
  const gridFsFiles = () => testApp.infrastructure.connection.db!.collection("images.files").countDocuments();

  it("when the owner uploads a PNG, then 1200 px and 400 px WebP renditions are stored and served with a year of immutable caching and an ETag", async () => {
    const { enterprise, agent, editPath, uploadPath } = await draftOfNewSeller();
    const token = await tokenOn(agent, editPath);
    const res = await agent.agent.post(uploadPath).field("_csrf", token).attach("images", await png(2400, 1600), { filename: "ca-phe.png", contentType: "image/png" });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const [imageId] = await storedImages(enterprise.id);
    assert.ok(imageId);

    const large = await request(testApp.app).get(`/anh/${imageId}/1200.webp`).buffer(true).parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk)).on("end", () => done(null, Buffer.concat(chunks)));
    });
    assert.equal(large.status, 200);
    assert.equal(large.headers["content-type"], "image/webp");
    assert.equal(large.headers["cache-control"], "public, max-age=31536000, immutable");
    assert.ok(large.headers.etag);
    const meta = await sharp(large.body as Buffer).metadata();
    assert.equal(meta.format, "webp");
    assert.equal(meta.width, 1200);
    const small = await request(testApp.app).get(`/anh/${imageId}/400.webp`).buffer(true).parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk)).on("end", () => done(null, Buffer.concat(chunks)));
    });
    assert.equal((await sharp(small.body as Buffer).metadata()).width, 400);

    const again = await request(testApp.app).get(`/anh/${imageId}/1200.webp`).set("If-None-Match", large.headers.etag);
    assert.equal(again.status, 304);
    assert.equal((await request(testApp.app).get(`/anh/${imageId}/800.webp`)).status, 404);

    const page = await agent.get(editPath);
    assert.match(page.text, new RegExp(`/anh/${imageId}/400.webp`));
  });

  it("when a text file is renamed .jpg, then the upload is refused (422) with a clear message and nothing is stored", async () => {
    const { enterprise, agent, editPath, uploadPath } = await draftOfNewSeller();
    const filesBefore = await gridFsFiles();
    const token = await tokenOn(agent, editPath);
    const res = await agent.agent.post(uploadPath).field("_csrf", token).attach("images", Buffer.from("đây không phải là ảnh\n".repeat(50)), { filename: "anh.jpg", contentType: "image/jpeg" });
    assert.equal(res.status, 422);
    assert.match(res.text, /không phải ảnh JPEG, PNG hoặc WebP/);
    assert.deepEqual(await storedImages(enterprise.id), []);
    assert.equal(await gridFsFiles(), filesBefore);
  });

  it("when a file is over 5 MB, then the upload is refused (413) with a message in Vietnamese and nothing is stored", async () => {
    const { enterprise, agent, editPath, uploadPath } = await draftOfNewSeller();
    const token = await tokenOn(agent, editPath);
    const big = Buffer.concat([await png(10, 10), Buffer.alloc(5 * 1024 * 1024 + 10)]);
    const res = await agent.agent.post(uploadPath).field("_csrf", token).attach("images", big, { filename: "lon.png", contentType: "image/png" });
    assert.equal(res.status, 413);
    assert.match(res.text, /vượt quá dung lượng cho phép 5 MB/);
    assert.deepEqual(await storedImages(enterprise.id), []);
  });

  it("when an upload carries no CSRF token, then it is refused (403) and nothing is stored", async () => {
    const { enterprise, agent, uploadPath } = await draftOfNewSeller();
    const res = await agent.agent.post(uploadPath).attach("images", await png(100, 100), { filename: "a.png", contentType: "image/png" });
    assert.equal(res.status, 403);
    assert.deepEqual(await storedImages(enterprise.id), []);
  });

  it("when a member of another enterprise uploads to this listing, then it is 404", async () => {
    const { uploadPath, enterprise } = await draftOfNewSeller();
    const other = await draftOfNewSeller();
    const token = await tokenOn(other.agent, other.editPath);
    const res = await other.agent.agent.post(uploadPath).field("_csrf", token).attach("images", await png(100, 100), { filename: "a.png", contentType: "image/png" });
    assert.equal(res.status, 404);
    assert.deepEqual(await storedImages(enterprise.id), []);
  });

  it("when an image is added to a published listing, then it goes back to review and the public page keeps the approved images", async () => {
    const { enterprise, agent, editPath, uploadPath } = await draftOfNewSeller();
    const doc = (await testApp.models.products.findOne({ enterpriseId: enterprise.id, sku: "HT-DEN-01" }))!;
    const ctx = { actor: { userId: null, email: null, kind: "system" as const }, ip: null, userAgent: null };
    await testApp.services.productListings.submit(ctx, enterprise.id, "HT-DEN-01");
    await testApp.services.productListings.approve(ctx, doc._id.toString());
    const token = await tokenOn(agent, editPath);
    await agent.agent.post(uploadPath).field("_csrf", token).attach("images", await png(300, 300), { filename: "a.png", contentType: "image/png" });
    const after = (await testApp.models.products.findOne({ _id: doc._id }).lean())!;
    assert.equal(after.status, "pending");
    assert.equal(after.images?.length, 1);
    assert.deepEqual(after.approved?.images, []);
    const publicPage = await request(testApp.app).get(`/san-pham/${after.slug}`);
    assert.equal(publicPage.status, 200);
    assert.doesNotMatch(publicPage.text, /\/anh\//);
  });
});
