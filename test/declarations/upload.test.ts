import assert from "node:assert/strict";
import ExcelJS from "exceljs";
import { LINE_FIELDS } from "../../src/declarations/declaration.fields.ts";
import { csrfTokenIn, type SessionAgent } from "../support/auth.ts";
import { declarationParties, lastMonth, validLine } from "../support/declarations.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

type Row = Record<string, string | number>;
type File = { buffer: Buffer; name: string };

describe("declaration upload from a spreadsheet (/to-khai/tai-len)", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => stopTestApp(t));

  const headings = (language: "vi" | "en") => LINE_FIELDS.map((field) => t.services.translate(language, `declarations.upload.columns.${field}.heading`));
  const quote = (value: string | number) => (/[";,\n]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : String(value));

  function csvFile(rows: Row[], { language = "vi", separator = "," }: { language?: "vi" | "en"; separator?: string } = {}): File {
    const lines = [headings(language), ...rows.map((row) => LINE_FIELDS.map((field) => row[field] ?? ""))];
    const text = `\uFEFF${lines.map((cells) => cells.map(quote).join(separator)).join("\r\n")}\r\n`;
    return { buffer: Buffer.from(text, "utf8"), name: "to-khai.csv" };
  }

  const header = () => ({ period: lastMonth().key, direction: "export", contactName: "Nguyễn Thị Hồng Nhung", contactPhone: "0269 3824 567", contactEmail: "xnk@caphedakdoa.vn" });
  const pageOf = (slug: string) => `/to-khai/tai-len?dn=${encodeURIComponent(slug)}`;

  async function upload(client: SessionAgent, slug: string, file: File, fields: Record<string, string> = header(), withToken = true, address = pageOf(slug)) {
    const page = await client.get(address);
    assert.equal(page.status, 200, page.text.slice(0, 300));
    let req = client.agent.post(address);
    if (withToken) req = req.field("_csrf", csrfTokenIn(page.text));
    for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
    return req.attach("file", file.buffer, file.name);
  }

  const count = (enterpriseId: string) => t.models.declarations.countDocuments({ enterpriseId });
  /** The problem table's rows: [row, column letter, heading]. */
  const problemRows = (html: string) => [...html.matchAll(/<tr>\s*<td>(\d+)<\/td>\s*<td>([A-Z]*)<\/td>\s*<td>([^<]*)<\/td>/g)].map((match) => [Number(match[1]), match[2], match[3]]);

  it("when a member opens the upload page, then it offers the form and both languages' templates; a stranger gets 404", async () => {
    const { enterprise, owner } = await declarationParties(t);
    const page = await owner.client.get(pageOf(enterprise.slug));
    assert.equal(page.status, 200);
    assert.match(page.text, /enctype="multipart\/form-data"/);
    assert.match(page.text, /\/to-khai\/mau\.xlsx\?ngon-ngu=en/);
    const stranger = await declarationParties(t);
    assert.equal((await stranger.owner.client.get(pageOf(enterprise.slug))).status, 404);
  });

  it("when the templates are downloaded, then the CSV has a BOM and the headings of the chosen language, and the XLSX has a help sheet", async () => {
    const { owner } = await declarationParties(t);
    const vi = await owner.client.get("/to-khai/mau.csv?ngon-ngu=vi").buffer(true);
    assert.equal(vi.status, 200);
    const viText = vi.body instanceof Buffer ? vi.body.toString("utf8") : vi.text;
    assert.ok(viText.startsWith("\uFEFF"), "the CSV starts with a BOM");
    assert.equal(viText.slice(1).trim(), headings("vi").map(quote).join(","));
    const en = await owner.client.get("/to-khai/mau.csv?ngon-ngu=en");
    assert.match(en.text, /^\uFEFF?HS code,Goods description,Partner country/);
    const cookies = ([] as string[]).concat(en.headers["set-cookie"] ?? []);
    assert.ok(!cookies.some((cookie) => cookie.startsWith("lang=")), "the template's language does not switch the site's");

    for (const language of ["vi", "en"] as const) {
      const res = await owner.client.get(`/to-khai/mau.xlsx?ngon-ngu=${language}`).responseType("blob");
      assert.equal(res.status, 200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.body as ArrayBuffer);
      assert.equal(workbook.worksheets.length, 2);
      assert.deepEqual((workbook.worksheets[0]!.getRow(1).values as unknown[]).slice(1), headings(language));
      assert.equal(workbook.worksheets[1]!.getCell("B2").value, "hsCode");
    }
  });

  it("when a filled XLSX template is uploaded, then the declaration is filed with a receipt and its lines as typed", async () => {
    const { enterprise, owner } = await declarationParties(t);
    const res = await owner.client.get("/to-khai/mau.xlsx?ngon-ngu=en").responseType("blob");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const period = lastMonth();
    for (const [index, country] of ["JP", "DE", "KR"].entries()) {
      const line = validLine(period, { partnerCountry: country, customsNumber: `30512345678${index}` });
      sheet.addRow(LINE_FIELDS.map((field) => (field === "quantity" ? 19_200 : field === "customsDate" ? new Date(`${period.day(12 + index)}T00:00:00Z`) : line[field])));
    }
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());

    const filed = await upload(owner.client, enterprise.slug, { buffer: filled, name: "declaration.xlsx" });
    assert.equal(filed.status, 303, filed.text.slice(0, 2000));
    const id = /^\/to-khai\/([a-f\d]{24})$/.exec(filed.headers.location ?? "")?.[1];
    assert.ok(id, `redirected to the declaration page: ${filed.headers.location}`);
    const doc = await t.models.declarations.findById(id).lean();
    assert.equal(doc?.status, "submitted");
    assert.match(doc.receiptNumber, /^XNK-\d{4}-\d{6}$/);
    assert.deepEqual(doc.lines.map((line) => [line.partnerCountry, line.quantity, line.customsDate]), [
      ["JP", "19200", period.day(12)],
      ["DE", "19200", period.day(13)],
      ["KR", "19200", period.day(14)],
    ]);
    assert.equal(doc.totals.valueUsdCents, 3 * 4_608_000);
    const version = await t.models.declarationVersions.findOne({ declarationId: doc._id }).lean();
    assert.equal(version?.channel, "upload");
  });

  it("when a 5,000-line file has errors, then every bad row and column is reported, nothing is filed until the file is clean, and then it is", async function () {
    this.timeout(180_000);
    const { enterprise, owner } = await declarationParties(t);
    const period = lastMonth();
    // Vietnamese Excel: semicolons, Vietnamese headings, Vietnamese number formats.
    const rows = Array.from({ length: 5_000 }, (_, index) =>
      validLine(period, { customsNumber: String(305_100_000_000 + index), quantity: "19.200,5", valueAmount: "46.080,00", valueUsd: "" }),
    );
    const bad = rows.map((row, index) => {
      if ((index + 1) % 20 === 0) return { ...row, hsCode: "7701.00.00" }; // 250 lines: chapter 77 does not exist
      if (index === 3_000) return { ...row, partnerCountry: "ZZ", quantity: "0" };
      return row;
    });
    const before = await count(enterprise.id);
    const refused = await upload(owner.client, enterprise.slug, csvFile(bad, { separator: ";" }));
    assert.equal(refused.status, 422);
    assert.match(refused.text, /Tệp có 252 lỗi/);
    assert.match(refused.text, /Đang hiển thị 200 trên tổng số 252 lỗi/);
    const shown = problemRows(refused.text);
    assert.equal(shown.length, 200);
    assert.deepEqual(shown[0], [21, "A", "Mã HS"]);
    assert.deepEqual(shown[1], [41, "A", "Mã HS"]);
    assert.deepEqual(shown.slice(149, 153), [[3001, "A", "Mã HS"], [3002, "C", "Nước đối tác"], [3002, "D", "Số lượng"], [3021, "A", "Mã HS"]]);
    assert.equal(await count(enterprise.id), before, "nothing is filed");

    const reportHref = /href="(\/to-khai\/tai-len\/loi\/[a-f\d]{24}\.csv)"/.exec(refused.text)?.[1];
    assert.ok(reportHref, "the full list is offered");
    const report = await owner.client.get(reportHref);
    assert.equal(report.status, 200);
    const reportLines = report.text.replace(/^\uFEFF/, "").trim().split("\r\n");
    assert.equal(reportLines.length, 1 + 252);
    assert.match(reportLines.at(-1)!, /^5001,A,Mã HS,7701\.00\.00,/);
    const stranger = await declarationParties(t);
    assert.equal((await stranger.owner.client.get(reportHref)).status, 404);

    const filed = await upload(owner.client, enterprise.slug, csvFile(rows, { separator: ";" }));
    assert.equal(filed.status, 303, problemRows(filed.text).slice(0, 5).join(" | "));
    const doc = await t.models.declarations.findOne({ enterpriseId: enterprise.id }).lean();
    assert.equal(doc?.status, "submitted");
    assert.equal(filed.headers.location, `/to-khai/${doc._id.toString()}`);
    assert.equal(doc.lines.length, 5_000);
    assert.equal(doc.lines[0]!.quantity, "19200.5");
    assert.equal(doc.totals.valueUsdCents, 5_000 * 4_608_000);
    assert.equal(await count(enterprise.id), before + 1);
  });

  it("when the header fields are wrong, then each is shown at its field with the file's own problems, and nothing is filed", async () => {
    const { enterprise, owner } = await declarationParties(t);
    const res = await upload(owner.client, enterprise.slug, csvFile([validLine(), validLine(lastMonth(), { customsNumber: "3051234567" })], { language: "en" }), {
      ...header(),
      period: "2026-13",
      direction: "",
      contactEmail: "khong-phai-thu",
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /id="upload-period-error">Kỳ báo cáo không hợp lệ/);
    assert.match(res.text, /id="upload-contact-email-error">Thư điện tử không hợp lệ/);
    assert.match(res.text, /Chọn chiều hàng hóa/);
    assert.deepEqual(problemRows(res.text), [[3, "J", "Customs declaration number"]]);
    assert.equal(await count(enterprise.id), 0);
  });

  it("when the file lacks columns or is not a spreadsheet, then it is refused as a whole", async () => {
    const { enterprise, owner } = await declarationParties(t);
    const missing = Buffer.from("\uFEFFMã HS,Mô tả hàng hóa\r\n09011110,Cà phê\r\n", "utf8");
    const res = await upload(owner.client, enterprise.slug, { buffer: missing, name: "thieu.csv" });
    assert.equal(res.status, 422);
    assert.match(res.text, /Tệp thiếu các cột: Nước đối tác, Số lượng/);
    const image = await upload(owner.client, enterprise.slug, { buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), name: "to-khai.csv" });
    assert.equal(image.status, 422);
    assert.match(image.text, /không phải CSV hoặc Excel XLSX/);
    assert.equal(await count(enterprise.id), 0);
  });

  it("when a declaration for the same period and direction is still open, then a second upload is refused (409) with a link to it", async () => {
    const { enterprise, owner } = await declarationParties(t);
    const first = await upload(owner.client, enterprise.slug, csvFile([validLine()]));
    assert.equal(first.status, 303);
    const second = await upload(owner.client, enterprise.slug, csvFile([validLine()]));
    assert.equal(second.status, 409);
    assert.ok(second.text.includes(`href="${first.headers.location}"`));
    assert.equal(await count(enterprise.id), 1);
  });

  it("when an upload carries no CSRF token, then it is refused with 403 and nothing is filed", async () => {
    const { enterprise, owner } = await declarationParties(t);
    const res = await upload(owner.client, enterprise.slug, csvFile([validLine()]), header(), false);
    assert.equal(res.status, 403);
    assert.equal(await count(enterprise.id), 0);
  });

  it("when a returned declaration is corrected with a spreadsheet, then the same declaration is resubmitted as version 2 and version 1 is kept", async () => {
    const { enterprise, owner, moderator } = await declarationParties(t);
    const period = lastMonth();
    const first = await upload(owner.client, enterprise.slug, csvFile([validLine(period), validLine(period, { customsNumber: "305123456790" })]));
    assert.equal(first.status, 303, first.text.slice(0, 300));
    const id = first.headers.location!.split("/").pop()!;
    const department = { kind: "user" as const, userId: moderator.id, role: "moderator" as const };
    const ctx = { actor: { userId: moderator.id, email: null, kind: "user" as const }, ip: null, userAgent: null };
    await t.services.declarationReview.decide(ctx, department, { declarationId: id, action: "start" });
    await t.services.declarationReview.decide(ctx, department, { declarationId: id, action: "return", input: { lineNotes: [{ line: 1, note: "Trị giá dòng 2 chưa khớp hóa đơn" }] } });

    const page = await owner.client.get(`/to-khai/${id}`);
    const correctHref = [...page.text.matchAll(/href="(\/to-khai\/tai-len\?dn[^"]+)"/g)].map((match) => match[1]!.replace(/&#x3D;/g, "=").replace(/&amp;/g, "&")).find((href) => href.includes("to-khai="));
    assert.ok(correctHref?.includes(`to-khai=${id}`), "the returned declaration offers a correction by spreadsheet");
    const corrected = csvFile([validLine(period), validLine(period, { customsNumber: "305123456790", valueAmount: "47000.00", valueUsd: "47000.00" })]);
    const res = await upload(owner.client, enterprise.slug, corrected, header(), true, correctHref);
    assert.equal(res.status, 303, res.text.slice(0, 300));
    assert.equal(res.headers.location, `/to-khai/${id}`);

    assert.equal(await count(enterprise.id), 1, "no second declaration was opened");
    const stored = await t.models.declarations.findById(id).lean();
    assert.equal(stored?.status, "submitted");
    assert.equal(stored?.version, 2);
    assert.equal(stored?.totals.valueUsdCents, 4_608_000 + 4_700_000);
    const versions = await t.models.declarationVersions.find({ declarationId: id }).sort({ version: 1 }).lean();
    assert.deepEqual(versions.map((version) => [version.version, version.channel, version.outcome.status]), [[1, "upload", "returned"], [2, "upload", ""]]);
  });

  it("when a stranger names another enterprise's declaration to correct, then nothing changes", async () => {
    const { enterprise, owner } = await declarationParties(t);
    const filed = await upload(owner.client, enterprise.slug, csvFile([validLine()]));
    const id = filed.headers.location!.split("/").pop()!;
    const stranger = await declarationParties(t);
    const res = await upload(stranger.owner.client, stranger.enterprise.slug, csvFile([validLine(lastMonth(), { valueAmount: "1.00", valueUsd: "1.00" })]), header(), true, `${pageOf(stranger.enterprise.slug)}&to-khai=${id}`);
    assert.equal(res.status, 404);
    const stored = await t.models.declarations.findById(id).lean();
    assert.equal(stored?.version, 1);
    assert.equal(stored?.totals.valueUsdCents, 4_608_000);
  });
});
