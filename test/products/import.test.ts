import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { isBadSample, writeSampleCsv, writeSampleXlsx, type SampleOptions } from "../../src/products/import/import.sample.ts";
import { csrfTokenIn, signIn, type SessionAgent } from "../support/auth.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

const PASSWORD = "Cà phê Pleiku sáng sớm";
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "import-test-"));
let sequence = 0;

/** A verified enterprise with its owner signed in; categories of the samples exist. */
async function seller(t: TestApp, label: string) {
  sequence += 1;
  const slug = `${label}-${sequence}`;
  const doc = await t.models.enterprises.create({
    slug,
    name: { vi: `Hợp tác xã ${label} ${sequence}`, en: `${label} ${sequence} Cooperative` },
    taxCode: `59002${String(sequence).padStart(5, "0")}`,
    kind: "cooperative",
    status: "verified",
    verifiedAt: new Date(),
    address: { street: "1 Hùng Vương", commune: "Phường Pleiku" },
  });
  const email = `${slug}@example.vn`;
  const { user } = await t.services.users.upsertUser({ email, password: PASSWORD, role: "user", name: `Chủ ${label}` });
  await t.services.memberships.addOwner(doc._id.toString(), user.id);
  const client = await signIn(t.app, email, PASSWORD);
  return { id: doc._id.toString(), slug, client, base: `/doanh-nghiep/${slug}/san-pham/nhap` };
}

const translateOf = (t: TestApp) => t.services.translate;

async function sampleFile(t: TestApp, name: string, options: SampleOptions, kind: "xlsx" | "csv" = "xlsx") {
  const file = path.join(dir, `${name}-${sequence}.${kind}`);
  if (kind === "xlsx") await writeSampleXlsx(file, translateOf(t), options);
  else await writeSampleCsv(file, translateOf(t), options);
  return file;
}

/** Uploads through the page's form, as a browser would (multipart with the page's CSRF token). */
async function upload(client: SessionAgent, base: string, file: string | { buffer: Buffer; name: string }, mode = "full", withToken = true) {
  const page = await client.get(base);
  assert.equal(page.status, 200);
  const request = client.agent.post(base);
  if (withToken) request.field("_csrf", csrfTokenIn(page.text));
  request.field("mode", mode);
  return typeof file === "string" ? request.attach("file", file) : request.attach("file", file.buffer, file.name);
}

/** Polls the job's JSON, as the page's script does, until it ends. */
async function finishedJob(client: SessionAgent, location: string, timeoutMs = 400_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.get(`${location}.json`);
    assert.equal(res.status, 200);
    if (res.body.finished) return res.body as { status: string; created: number; updated: number; unchanged: number; rejected: number; processedRows: number; totalRows: number; percent: number };
    assert.ok(Date.now() < deadline, `the import did not finish in time: ${JSON.stringify(res.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // as often as the page polls
  }
}

async function importFile(client: SessionAgent, base: string, file: string | { buffer: Buffer; name: string }, mode = "full") {
  const res = await upload(client, base, file, mode);
  assert.equal(res.status, 303, res.text.slice(0, 500));
  const location = res.headers.location as string;
  assert.match(location, new RegExp(`^${base}/[a-f0-9]{24}$`));
  return { location, jobId: location.split("/").pop()!, job: await finishedJob(client, location) };
}

async function workbookOf(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The app with the demo categories, and sign-in limits high enough for many sellers. */
async function importTestApp(): Promise<TestApp> {
  const t = await startTestApp({ RATE_LIMIT_SIGNIN_PER_IP: "1000" });
  return t;
}

async function stopImportTestApp(t: TestApp | undefined): Promise<void> {
  await t?.services.imports.stop();
  await stopTestApp(t);
}

const productsOf = (t: TestApp, enterpriseId: string) => t.models.products.find({ enterpriseId }).lean();

describe("bulk import of product listings", function () {
  let t: TestApp;
  before(async () => {
    t = await importTestApp();
  });
  after(() => stopImportTestApp(t));

  it("when a file has more than 10,000 data rows, then it is refused with a clear message and nothing is written", async () => {
    const { id, base, client } = await seller(t, "hotieu");
    const file = await sampleFile(t, "too-big", { rows: 10_001 }, "csv");
    const res = await upload(client, base, file);
    assert.equal(res.status, 422);
    assert.match(res.text, /nhiều hơn 10\.000 dòng/);
    assert.equal(await t.models.importJobs.countDocuments({ enterpriseId: id }), 0);
    assert.equal((await productsOf(t, id)).length, 0);
    assert.equal(await t.infrastructure.connection.db!.collection("imports.files").countDocuments({ filename: path.basename(file) }), 0);
  });

  it("when a CSV with English headings and a repeated SKU is imported, then its rows are created and the later repeat is refused naming the first row", async () => {
    const { id, base, client } = await seller(t, "dieu");
    const file = await sampleFile(t, "english", { rows: 20, language: "en" }, "csv");
    const text = fs.readFileSync(file, "utf8");
    const repeated = text.trimEnd().split("\r\n")[3]!; // GL-00003, data row 4
    fs.writeFileSync(file, `${text}${repeated}\r\n`);

    const { job, jobId } = await importFile(client, base, file);
    assert.equal(job.created, 20);
    assert.equal(job.rejected, 1);
    const [rejection] = await t.models.importRejections.find({ jobId }).lean();
    assert.equal(rejection!.row, 22);
    assert.equal(rejection!.sku, "GL-00003");
    assert.deepEqual(rejection!.reasons.map((reason) => [reason.key, reason.values]), [["import.reasons.duplicateSku", { row: 4 }]]);
    assert.equal((await productsOf(t, id)).length, 20);
  });

  it("when the owner downloads the templates in both languages and fills them in, then both import", async () => {
    const { id, base, client } = await seller(t, "matong");
    const en = await client.get(`${base}/mau.xlsx?ngon-ngu=en`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => done(null, Buffer.concat(chunks)));
    });
    assert.equal(en.status, 200);
    assert.equal(en.headers["content-type"], XLSX_TYPE);
    assert.ok(!([] as string[]).concat(en.headers["set-cookie"] ?? []).some((cookie) => cookie.startsWith("lang=")), "the template's language does not switch the site's");
    const workbook = await workbookOf(en.body as Buffer);
    const [data, help] = workbook.worksheets;
    const headings = (data!.getRow(1).values as string[]).slice(1);
    assert.equal(headings[0], "SKU");
    assert.ok(headings.includes("Tier 1 from quantity") && headings.includes("Tier 5 price (₫)"));
    assert.equal(help!.rowCount, headings.length + 1, "one explanation per column");
    const column = (heading: string) => headings.indexOf(heading) + 1;
    const row = data!.getRow(2);
    row.getCell(column("SKU")).value = "MO-001";
    row.getCell(column("Product name (Vietnamese)")).value = "Mật ong hoa cà phê Ia Grai";
    row.getCell(column("Category code")).value = "mat-ong";
    row.getCell(column("Unit")).value = "chai";
    row.getCell(column("Tier 1 from quantity")).value = 1;
    row.getCell(column("Tier 1 price (₫)")).value = 150_000;
    row.getCell(column("Minimum order quantity")).value = 1;
    row.getCell(column("Stock")).value = 40;
    row.getCell(column("OCOP stars")).value = 4;
    row.getCell(column("OCOP certificate number")).value = "OCOP-GL-2025-17";
    row.getCell(column("OCOP certificate expiry")).value = new Date(Date.UTC(2027, 11, 31));
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());
    const fromXlsx = await importFile(client, base, { buffer: filled, name: "mẫu đã điền.xlsx" });
    assert.equal(fromXlsx.job.created, 1, JSON.stringify(fromXlsx.job));

    const vi = await client.get(`${base}/mau.csv?ngon-ngu=vi`);
    assert.equal(vi.status, 200);
    const csvHeadings = vi.text.replace(/^\uFEFF/, "").trim().split(",");
    assert.equal(csvHeadings[0], "Mã SKU");
    assert.ok(csvHeadings.includes("Từ SL bậc 1") && csvHeadings.includes("Giá bậc 1 (₫)"));
    const values: Record<string, string> = { "Mã SKU": "MO-002", "Tên sản phẩm (tiếng Việt)": "Mật ong rừng", "Mã danh mục": "mat-ong", "Đơn vị tính": "lít", "Từ SL bậc 1": "1", "Giá bậc 1 (₫)": "320.000", "Số lượng đặt tối thiểu": "1", "Thời gian sản xuất (ngày)": "7" };
    const line = csvHeadings.map((heading) => values[heading] ?? "").join(",");
    const fromCsv = await importFile(client, base, { buffer: Buffer.from(`${vi.text}${line}\r\n`), name: "mau.csv" });
    assert.equal(fromCsv.job.created, 1, JSON.stringify(fromCsv.job));

    const stored = new Map((await productsOf(t, id)).map((product) => [product.sku, product]));
    assert.equal(stored.get("MO-001")?.ocop?.stars, 4);
    assert.equal(stored.get("MO-001")?.ocop?.expiresAt.toISOString().slice(0, 10), "2027-12-31");
    assert.equal(stored.get("MO-002")?.priceTiers[0]?.priceVnd, 320_000);
    assert.equal(stored.get("MO-002")?.stock, null);
  });

  it("when the price-and-stock mode is used, then only the prices and stock of existing SKUs change and unknown SKUs are reported", async () => {
    const { id, base, client } = await seller(t, "gao");
    await importFile(client, base, await sampleFile(t, "catalogue", { rows: 30 }, "csv"));
    const before = new Map((await productsOf(t, id)).map((product) => [product.sku, product]));

    // The same template with new prices, other names (ignored in this mode) and one unknown SKU.
    const file = await sampleFile(t, "prices", { rows: 31, priceBump: 5_000 }, "csv");
    const text = fs.readFileSync(file, "utf8").replace(/loại (\d)/g, "hạng $1");
    fs.writeFileSync(file, text);
    const { job, jobId } = await importFile(client, base, file, "price-stock");
    assert.equal(job.status, "done");
    assert.equal(job.updated, 30);
    assert.equal(job.rejected, 1);
    const [unknown] = await t.models.importRejections.find({ jobId }).lean();
    assert.equal(unknown!.sku, "GL-00031");
    assert.equal(unknown!.reasons[0]!.key, "import.reasons.skuNotFound");

    const after = await productsOf(t, id);
    assert.equal(after.length, 30);
    for (const product of after) {
      const previous = before.get(product.sku)!;
      assert.equal(product.name.vi, previous.name.vi, "names are not touched");
      assert.equal(product.priceTiers[0]!.priceVnd, previous.priceTiers[0]!.priceVnd + 5_000);
      assert.equal(product.status, previous.status);
    }
  });

  it("when a member of another enterprise tries the import page, an upload or a job of that enterprise, then each is 404", async () => {
    const owner = await seller(t, "chuse");
    const { jobId, location } = await importFile(owner.client, owner.base, await sampleFile(t, "small", { rows: 3 }, "csv"));
    const stranger = await seller(t, "ayunpa");

    assert.equal((await stranger.client.get(owner.base)).status, 404);
    assert.equal((await stranger.client.get(`${owner.base}/mau.xlsx`)).status, 404);
    const token = csrfTokenIn((await stranger.client.get(stranger.base)).text);
    const res = await stranger.client.agent.post(owner.base).field("_csrf", token).field("mode", "full").attach("file", Buffer.from("sku\r\nX-1\r\n"), "x.csv");
    assert.equal(res.status, 404);
    for (const suffix of ["", ".json", "/bao-cao.csv", "/bao-cao.xlsx"]) {
      assert.equal((await stranger.client.get(`${location}${suffix}`)).status, 404, suffix);
      // Nor through their own enterprise's address.
      assert.equal((await stranger.client.get(`${stranger.base}/${jobId}${suffix}`)).status, 404, suffix);
    }
    assert.equal(await t.models.importJobs.countDocuments({ enterpriseId: stranger.id }), 0);
  });

  it("when an upload carries no CSRF token, then it is refused with 403 and nothing is queued", async () => {
    const { id, base, client } = await seller(t, "kbang");
    const res = await upload(client, base, await sampleFile(t, "nocsrf", { rows: 3 }, "csv"), "full", false);
    assert.equal(res.status, 403);
    assert.equal(await t.models.importJobs.countDocuments({ enterpriseId: id }), 0);
    assert.equal((await productsOf(t, id)).length, 0);
  });

  it("when a file is neither CSV nor XLSX, then it is refused whatever its name", async () => {
    const { id, base, client } = await seller(t, "dakdoa");
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]), Buffer.alloc(100)]);
    const res = await upload(client, base, { buffer: png, name: "san-pham.xlsx" });
    assert.equal(res.status, 422);
    assert.match(res.text, /không phải CSV hoặc Excel/);
    assert.equal(await t.models.importJobs.countDocuments({ enterpriseId: id }), 0);
  });
});

describe("bulk import of a 10,000-row file", () => {
  // Its own database: 10,000 listings would slow every other test's queries down (FerretDB scans).
  let t: TestApp;
  before(async () => {
    t = await importTestApp();
  });
  after(() => stopImportTestApp(t));

  // FerretDB (SQLite) scans the whole products collection for each batch's SKU lookup: ~65 s for
  // the import and ~100 s for the re-import on this 2-core machine; see the import's report.
  it("when an owner imports a 10,000-row XLSX with 3 % bad rows, then every good row becomes a draft, each bad row is reported with its row number and reasons, and the same file again changes nothing", async function () {
    this.timeout(600_000);
    const { id, base, client } = await seller(t, "caphe");
    const options = { rows: 10_000, badEvery: 33 };
    const file = await sampleFile(t, "big", options);
    const bad = Array.from({ length: options.rows }, (_, index) => index).filter((index) => isBadSample(index, options));

    const started = Date.now();
    const first = await importFile(client, base, file);
    const seconds = (Date.now() - started) / 1000;
    console.log(`      10,000 rows imported in ${seconds.toFixed(1)} s (${Math.round(10_000 / seconds)} rows/s)`);
    assert.equal(first.job.status, "done");
    assert.equal(first.job.totalRows, 10_000);
    assert.equal(first.job.processedRows, 10_000);
    assert.equal(first.job.rejected, bad.length);
    assert.equal(first.job.created, 10_000 - bad.length);
    const stored = await productsOf(t, id);
    assert.equal(stored.length, 10_000 - bad.length);
    assert.ok(stored.every((product) => product.status === "draft"));
    const sample = stored.find((product) => product.sku === "GL-00002")!;
    assert.equal(sample.name.vi, "Hồ tiêu đen Chư Sê loại 2 lô 2");
    assert.deepEqual(sample.priceTiers.map((tier) => [tier.minQty, tier.priceVnd]), [[10, 121_000], [100, 111_000], [1_000, 101_000]]);

    // The rejections: spreadsheet row = index + 2 (row 1 holds the headings).
    const rejections = await t.models.importRejections.find({ jobId: first.jobId }).sort({ row: 1 }).lean();
    assert.deepEqual(rejections.map((rejection) => rejection.row), bad.map((index) => index + 2));
    assert.ok(rejections.every((rejection) => rejection.reasons.length > 0));

    const page = await client.get(first.location);
    assert.equal(page.status, 200);
    assert.match(page.text, /<progress[^>]+value="100"/);
    assert.match(page.text, /bao-cao\.csv/);

    const csv = await client.get(`${first.location}/bao-cao.csv`);
    assert.equal(csv.status, 200);
    assert.match(String(csv.headers["content-type"]), /text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, "").trim().split("\r\n");
    assert.equal(lines[0], "Dòng,Mã SKU,Lý do");
    assert.equal(lines.length, bad.length + 1);
    assert.match(lines[1]!, /^34,,Mã SKU: \S/);
    assert.match(lines[2]!, /^67,GL-00066,Giá bậc 1 \(₫\): \S/);
    assert.match(lines[3]!, /^100,GL-00099,.*Đơn vị tính: .*; Mã HS: /);
    assert.match(lines[4]!, /^133,GL-00132,.*Tên sản phẩm \(tiếng Việt\): .*; Từ SL bậc 2: /);
    assert.match(lines[5]!, /^166,GL-00165,Mã danh mục: \S/);

    const xlsx = await client.get(`${first.location}/bao-cao.xlsx?lang=en`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => done(null, Buffer.concat(chunks)));
    });
    assert.equal(xlsx.status, 200);
    const report = await workbookOf(xlsx.body as Buffer);
    const sheet = report.worksheets[0]!;
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), ["Row", "SKU", "Reasons"]);
    assert.equal(sheet.getRow(3).getCell(1).value, 67);
    assert.match(String(sheet.getRow(3).getCell(3).value), /^Tier 1 price \(₫\): /);

    const reStarted = Date.now();
    const again = await importFile(client, base, file);
    console.log(`      the same 10,000 rows re-imported in ${((Date.now() - reStarted) / 1000).toFixed(1)} s`);
    assert.deepEqual(
      { created: again.job.created, updated: again.job.updated, unchanged: again.job.unchanged, rejected: again.job.rejected },
      { created: 0, updated: 0, unchanged: 10_000 - bad.length, rejected: bad.length },
    );
    assert.equal((await productsOf(t, id)).length, 10_000 - bad.length, "no duplicates");
  });
});

describe("bulk import interrupted midway", () => {
  it("when the app stops during an import, then the job is failed with the rows written so far, those rows stay, and the same file again completes it without duplicates", async function () {
    this.timeout(120_000);
    const first = await startTestApp({ RATE_LIMIT_SIGNIN_PER_IP: "1000" });
    let second: TestApp | undefined;
    try {
      const { id, slug, base, client } = await seller(first, "iagrai");
      const file = await sampleFile(first, "interrupted", { rows: 3_000 }, "csv");
      const res = await upload(client, base, file);
      assert.equal(res.status, 303);
      const location = res.headers.location as string;
      const jobId = location.split("/").pop()!;
      for (;;) {
        const job = await first.models.importJobs.findById(jobId).lean();
        if (job!.processedRows >= 500) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await first.services.imports.stop();

      const job = (await first.models.importJobs.findById(jobId).lean())!;
      assert.equal(job.status, "failed");
      assert.equal(job.failure?.key, "import.failure.stopped");
      assert.ok(job.processedRows >= 500 && job.processedRows < 3_000, String(job.processedRows));
      assert.deepEqual(job.writtenRanges, [{ first: 2, last: job.processedRows + 1 }]);
      assert.equal((await productsOf(first, id)).length, job.writtenRows, "the job says exactly which rows were written");
      const page = await client.get(location);
      const last = (job.processedRows + 1).toLocaleString("vi-VN");
      assert.ok(page.text.includes(`Các dòng đã được ghi: 2–${last}`), page.text);

      // The app restarts on the same database; the same file finishes the import.
      await first.infrastructure.close();
      second = await startTestApp({ RATE_LIMIT_SIGNIN_PER_IP: "1000", MONGODB_DB: first.config.mongodb.dbName });
      const again = await signIn(second.app, `${slug}@example.vn`, PASSWORD);
      const rerun = await importFile(again, base, file);
      assert.equal(rerun.job.unchanged, job.writtenRows);
      assert.equal(rerun.job.created, 3_000 - job.writtenRows);
      assert.equal((await productsOf(second, id)).length, 3_000);
    } finally {
      if (second) {
        await second.services.imports.stop();
        await stopTestApp(second);
      } else {
        await stopTestApp(first);
      }
    }
  });
});
