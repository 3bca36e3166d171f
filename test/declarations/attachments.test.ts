import assert from "node:assert/strict";
import request from "supertest";
import { csrfTokenIn, type SessionAgent } from "../support/auth.ts";
import { declarationParties, validDeclaration } from "../support/declarations.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";
import { formFields, idFromLocation, submittedThroughForm, twoEnterprises } from "./declaration-form.fixtures.ts";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);

describe("declaration attachments: content-checked uploads in GridFS, readable only by the enterprise and the department", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ RATE_LIMIT_SIGNIN_PER_IP: "1000" });
  });
  after(() => stopTestApp(t));

  const stored = async (id: string) => (await t.models.declarations.findById(id).lean())!;
  const gridFsFiles = () => t.infrastructure.connection.db!.collection("declaration_files.files").countDocuments();

  async function draftOf(client: SessionAgent, slug: string): Promise<string> {
    const res = await client.post("/to-khai/moi", formFields(validDeclaration(), { dn: slug }));
    assert.equal(res.status, 303, res.text.slice(0, 300));
    return idFromLocation(res.headers.location);
  }

  async function upload(client: SessionAgent, id: string, data: Buffer, filename: string, options: { token?: boolean; kind?: string } = {}) {
    let post = client.agent.post(`/to-khai/${id}/tep`).field("kind", options.kind ?? "invoice");
    if (options.token !== false) post = post.field("_csrf", csrfTokenIn((await client.get(`/to-khai/${id}`)).text));
    return post.attach("file", data, { filename, contentType: "application/pdf" });
  }

  it("when the owner uploads a PDF invoice, then it is stored in GridFS, listed on the page, and downloadable by the owner and the department", async () => {
    const { enterprise, owner, moderator } = await declarationParties(t);
    const id = await draftOf(owner.client, enterprise.slug);
    const before = await gridFsFiles();
    const res = await upload(owner.client, id, PDF, "Hóa đơn 01.pdf");
    assert.equal(res.status, 303, res.text.slice(0, 300));
    const [attachment] = (await stored(id)).attachments;
    assert.equal(attachment?.name, "Hóa đơn 01.pdf");
    assert.equal(attachment?.contentType, "application/pdf");
    assert.equal(attachment?.kind, "invoice");
    assert.equal(attachment?.size, PDF.length);
    assert.equal(await gridFsFiles(), before + 1);

    const url = `/to-khai/${id}/tep/${attachment.fileId.toString()}`;
    const page = await owner.client.get(`/to-khai/${id}`);
    assert.match(page.text, new RegExp(`href="${url}"`));
    for (const client of [owner.client, moderator.client]) {
      const download = await client.get(url).buffer(true).parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => callback(null, Buffer.concat(chunks)));
      });
      assert.equal(download.status, 200);
      assert.equal(download.headers["content-type"], "application/pdf");
      assert.ok((download.body as Buffer).equals(PDF));
    }
  });

  it("when a member of another enterprise or a visitor asks for an attachment, then it does not exist for them (404) and they cannot add one", async () => {
    const { enterprise, owner, other } = await twoEnterprises(t);
    const id = await draftOf(owner.client, enterprise.slug);
    await upload(owner.client, id, PDF, "co.pdf");
    const fileId = (await stored(id)).attachments[0]!.fileId.toString();
    assert.equal((await other.client.get(`/to-khai/${id}/tep/${fileId}`)).status, 404);
    const anonymous = await request(t.app).get(`/to-khai/${id}/tep/${fileId}`);
    assert.equal(anonymous.status, 303);
    assert.match(anonymous.headers.location ?? "", /^\/dang-nhap/);
    const token = csrfTokenIn((await other.client.get("/to-khai")).text);
    const added = await other.client.agent.post(`/to-khai/${id}/tep`).field("_csrf", token).field("kind", "invoice").attach("file", PDF, "x.pdf");
    assert.equal(added.status, 404);
    assert.equal((await other.client.post(`/to-khai/${id}/tep/${fileId}/xoa`)).status, 404);
    assert.equal((await stored(id)).attachments.length, 1);
  });

  it("when a file that is not a PDF is renamed .pdf, then the upload is refused (422) and nothing is stored", async () => {
    const { enterprise, owner } = await declarationParties(t);
    const id = await draftOf(owner.client, enterprise.slug);
    const before = await gridFsFiles();
    const res = await upload(owner.client, id, Buffer.from("MZ\x90\x00 đây là một tệp chạy, không phải PDF".repeat(20)), "hoa-don.pdf");
    assert.equal(res.status, 422);
    assert.match(res.text, /data-upload-error>Tệp phải là PDF, JPEG hoặc PNG/);
    assert.equal((await stored(id)).attachments.length, 0);
    assert.equal(await gridFsFiles(), before);
  });

  it("when an upload carries no CSRF token, then it is refused (403) and nothing is stored", async () => {
    const { enterprise, owner } = await declarationParties(t);
    const id = await draftOf(owner.client, enterprise.slug);
    const before = await gridFsFiles();
    const res = await upload(owner.client, id, PDF, "a.pdf", { token: false });
    assert.equal(res.status, 403);
    assert.equal((await stored(id)).attachments.length, 0);
    assert.equal(await gridFsFiles(), before);
  });

  it("when a PNG certificate is removed from a draft, then the declaration no longer names it and its file is deleted", async () => {
    const { enterprise, owner } = await declarationParties(t);
    const id = await draftOf(owner.client, enterprise.slug);
    assert.equal((await upload(owner.client, id, PNG, "c-o.png", { kind: "certificate_of_origin" })).status, 303);
    const [attachment] = (await stored(id)).attachments;
    assert.equal(attachment?.contentType, "image/png");
    const before = await gridFsFiles();
    const res = await owner.client.post(`/to-khai/${id}/tep/${attachment.fileId.toString()}/xoa`);
    assert.equal(res.status, 303);
    assert.equal((await stored(id)).attachments.length, 0);
    assert.equal(await gridFsFiles(), before - 1);
  });

  it("when the declaration has been submitted, then files can no longer be added (409), and the eleventh file of a draft is refused (422)", async () => {
    const { enterprise, owner } = await declarationParties(t);
    const submitted = await submittedThroughForm(owner.client, enterprise.slug);
    assert.equal((await upload(owner.client, submitted, PDF, "late.pdf")).status, 409);

    const other = await owner.client.post("/to-khai/moi", formFields({ ...validDeclaration(), direction: "import" }, { dn: enterprise.slug }));
    const id = idFromLocation(other.headers.location);
    for (let index = 0; index < 10; index += 1) assert.equal((await upload(owner.client, id, PDF, `${index}.pdf`)).status, 303);
    const eleventh = await upload(owner.client, id, PDF, "11.pdf");
    assert.equal(eleventh.status, 422);
    assert.equal((await stored(id)).attachments.length, 10);
  });
});
