import assert from "node:assert/strict";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import type { Response } from "supertest";
import { declarationParties, validDeclaration, validLine } from "../support/declarations.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

const CONTEXT = { actor: { userId: null, email: null, kind: "user" as const }, ip: null, userAgent: null };
/** A whole year that has passed: every month of it may be declared, and no customs date is in the future. */
const YEAR = new Date().getUTCFullYear() - 1;
const period = (key: string) => ({ key: `${YEAR}-${key}`, day: (day: number) => `${YEAR}-${key.length === 2 ? key : "00"}-${String(day).padStart(2, "0")}` });
const at = (month: string, day: number) => `${YEAR}-${month}-${String(day).padStart(2, "0")}`;

type Seeded = { direction: "export" | "import"; enterprise: string; month: string; country: string; chapter: string; cents: number };
let customs = 0;

/** One line in USD (valueUsd = the amount) with a fresh customs number. */
function line(month: string, day: number, country: string, hsCode: string, usd: string) {
  customs += 1;
  return validLine(period(month), {
    partnerCountry: country,
    hsCode,
    currency: "USD",
    valueAmount: usd,
    valueUsd: usd,
    customsNumber: `30${String(YEAR).slice(2)}${String(customs).padStart(8, "0")}`,
    customsDate: at(month, day),
  });
}

function binary(res: Response, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  (res as unknown as NodeJS.ReadableStream).on("data", (chunk: Buffer) => chunks.push(chunk));
  (res as unknown as NodeJS.ReadableStream).on("end", () => done(null, Buffer.concat(chunks)));
}

describe("the department's import-export statistics", () => {
  let t: TestApp;
  let moderator: Awaited<ReturnType<typeof declarationParties>>["moderator"];
  let owner: Awaited<ReturnType<typeof declarationParties>>["owner"];
  /** What must count: the lines of accepted declarations, as seeded (not read back). */
  const counted: Seeded[] = [];
  const names = new Map<string, string>();

  before(async () => {
    t = await startTestApp();
    const review = t.services.declarationReview;
    const parties = [await declarationParties(t), await declarationParties(t), await declarationParties(t)];
    moderator = parties[0]!.moderator;
    owner = parties[0]!.owner;
    const department = { kind: "user" as const, userId: moderator.id, role: "moderator" as const };
    for (const p of parties) names.set(p.enterprise.id, p.enterprise.name);

    async function file(p: (typeof parties)[number], periodKey: string, direction: "export" | "import", lines: ReturnType<typeof line>[]) {
      const input = validDeclaration({ period: `${YEAR}-${periodKey}`, direction, lines });
      const filed = await t.services.declarations.file(CONTEXT, { kind: "user", userId: p.owner.id, role: "user" }, { enterpriseId: p.enterprise.id, input, channel: "upload" });
      return filed._id.toString();
    }
    async function accept(id: string) {
      await review.decide(CONTEXT, department, { declarationId: id, action: "start" });
      await review.decide(CONTEXT, department, { declarationId: id, action: "accept" });
    }
    const count = (p: (typeof parties)[number], direction: "export" | "import", rows: [string, string, string, number][]) =>
      rows.forEach(([month, country, chapter, cents]) => counted.push({ direction, enterprise: p.enterprise.id, month, country, chapter, cents }));

    const [a, b, c] = parties as [(typeof parties)[number], (typeof parties)[number], (typeof parties)[number]];
    await accept(await file(a, "03", "export", [line("03", 2, "JP", "0901.11.10", "100.00"), line("03", 20, "DE", "0904.11.20", "50.25")]));
    count(a, "export", [["03", "JP", "09", 10_000], ["03", "DE", "09", 5_025]]);
    await accept(await file(a, "03", "import", [line("03", 5, "CN", "8433.51.00", "30.00")]));
    count(a, "import", [["03", "CN", "84", 3_000]]);
    // A quarterly declaration: its lines fall in their own months (April and June).
    await accept(await file(b, "Q2", "export", [line("04", 10, "JP", "0901.11.10", "20.00"), line("06", 5, "US", "0801.32.00", "70.50")]));
    count(b, "export", [["04", "JP", "09", 2_000], ["06", "US", "08", 7_050]]);
    // Accepted, then corrected and the correction accepted: only the correction counts.
    await accept(await file(b, "05", "import", [line("05", 3, "TH", "3901.10.99", "1000.00")]));
    await accept(await file(b, "05", "import", [line("05", 3, "TH", "3901.10.99", "900.00"), line("05", 9, "IN", "3901.10.99", "10.00")]));
    count(b, "import", [["05", "TH", "39", 90_000], ["05", "IN", "39", 1_000]]);
    // Submitted but not accepted, and rejected: neither counts.
    await file(c, "07", "export", [line("07", 1, "KR", "4407.29.90", "400.00")]);
    const rejected = await file(c, "08", "import", [line("08", 1, "KR", "4407.29.90", "333.00")]);
    await review.decide(CONTEXT, department, { declarationId: rejected, action: "start" });
    await review.decide(CONTEXT, department, { declarationId: rejected, action: "reject", input: { reason: "Số liệu không khớp với tờ khai hải quan" } });
    await accept(await file(c, "11", "export", [line("11", 28, "KR", "4407.29.90", "12.34")]));
    count(c, "export", [["11", "KR", "44", 1_234]]);
  });
  after(() => stopTestApp(t));

  /** The expected breakdown, computed here from what was seeded. */
  function expected(key: (row: Seeded) => string, direction?: "export" | "import") {
    const rows = new Map<string, { exportUsdCents: number; importUsdCents: number; totalUsdCents: number }>();
    for (const row of counted.filter((r) => !direction || r.direction === direction)) {
      const sum = rows.get(key(row)) ?? { exportUsdCents: 0, importUsdCents: 0, totalUsdCents: 0 };
      sum[row.direction === "export" ? "exportUsdCents" : "importUsdCents"] += row.cents;
      sum.totalUsdCents += row.cents;
      rows.set(key(row), sum);
    }
    return rows;
  }
  const nonZero = <R extends { totalUsdCents: number }>(rows: R[]) => rows.filter((row) => row.totalUsdCents !== 0);
  const asMap = (rows: { key: string; exportUsdCents: number; importUsdCents: number; totalUsdCents: number }[]) =>
    new Map(nonZero(rows).map(({ key, exportUsdCents, importUsdCents, totalUsdCents }) => [key, { exportUsdCents, importUsdCents, totalUsdCents }]));

  it("when a moderator reads each breakdown of the year, then it equals the sums over the accepted declarations' lines only", async () => {
    const keys = { month: (r: Seeded) => r.month, direction: (r: Seeded) => r.direction, country: (r: Seeded) => r.country, chapter: (r: Seeded) => r.chapter, enterprise: (r: Seeded) => r.enterprise };
    for (const [breakdown, key] of Object.entries(keys)) {
      const res = await moderator.client.get(`/quan-tri/thong-ke-xnk/xuat/${breakdown}.json?year=${YEAR}`).expect(200);
      assert.deepEqual(asMap(res.body.rows), expected(key), breakdown);
    }
    const enterprises = await moderator.client.get(`/quan-tri/thong-ke-xnk/xuat/enterprise.json?year=${YEAR}`).expect(200);
    for (const row of enterprises.body.rows) assert.equal(row.label, names.get(row.key));
    const months = await moderator.client.get(`/quan-tri/thong-ke-xnk/xuat/month.json?year=${YEAR}&lang=vi`).expect(200);
    assert.equal(months.body.rows.length, 12, "every month, empty ones at zero");
    assert.equal(months.body.rows[3].label, `Tháng 4/${YEAR}`);
    const sections = await moderator.client.get(`/quan-tri/thong-ke-xnk/xuat/section.json?year=${YEAR}&lang=en`).expect(200);
    assert.deepEqual(sections.body.rows.map((row: { key: string }) => row.key), ["II", "VII", "IX", "XVI"]);
    assert.match(sections.body.rows[0].label, /Vegetable products/);
  });

  it("when the statistics are filtered to exports, then only export lines count and the page shows the year's totals, charts and tables", async () => {
    const res = await moderator.client.get(`/quan-tri/thong-ke-xnk/xuat/country.json?year=${YEAR}&direction=export`).expect(200);
    assert.deepEqual(asMap(res.body.rows), expected((r) => r.country, "export"));
    assert.ok(res.body.rows.every((row: { importUsdCents: number }) => row.importUsdCents === 0));

    const page = await moderator.client.get(`/quan-tri/thong-ke-xnk?year=${YEAR}&lang=en`).expect(200);
    const exportsTotal = counted.filter((r) => r.direction === "export").reduce((sum, r) => sum + r.cents, 0);
    assert.ok(page.text.includes(new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(exportsTotal / 100)));
    assert.match(page.text, /<canvas data-chart="\{&quot;type&quot;:&quot;bar&quot;/);
    assert.match(page.text, /<th scope="row">Japan <span class="muted">\(JP\)<\/span><\/th>/);
    assert.match(page.text, /src="\/vendor\/chart.js\/chart.umd.min.js"/);
    assert.doesNotMatch(page.text, /<script>(?!<)/, "no inline script (CSP)");
    const chart = await moderator.client.get("/vendor/chart.js/chart.umd.min.js").expect(200);
    assert.match(String(chart.headers["content-type"]), /javascript/);
    assert.match(chart.text, /Chart/);
  });

  it("when the year's CSV of each breakdown is downloaded, then it parses back to the same figures, with a BOM", async () => {
    for (const breakdown of ["month", "country", "chapter", "enterprise", "section", "direction"]) {
      const json = await moderator.client.get(`/quan-tri/thong-ke-xnk/xuat/${breakdown}.json?year=${YEAR}`).expect(200);
      const csv = await moderator.client.get(`/quan-tri/thong-ke-xnk/xuat/${breakdown}.csv?year=${YEAR}`).expect(200);
      assert.match(String(csv.headers["content-type"]), /text\/csv/);
      assert.ok(csv.text.startsWith("\uFEFF"), "UTF-8 BOM for Excel");
      const [heading, ...rows] = parse(csv.text, { bom: true });
      assert.equal(heading!.length, 5);
      const cents = (text: string) => Number(text.replace(".", ""));
      assert.deepEqual(
        rows.map(([key, label, exp, imp, total]) => ({ key, label, exportUsdCents: cents(exp!), importUsdCents: cents(imp!), totalUsdCents: cents(total!) })),
        json.body.rows,
        breakdown,
      );
    }
  });

  it("when the year's XLSX of a breakdown is downloaded, then ExcelJS opens it and it holds the same figures", async () => {
    const json = await moderator.client.get(`/quan-tri/thong-ke-xnk/xuat/country.json?year=${YEAR}`).expect(200);
    const res = await moderator.client.get(`/quan-tri/thong-ke-xnk/xuat/country.xlsx?year=${YEAR}`).buffer(true).parse(binary as never).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body);
    const sheet = workbook.worksheets[0]!;
    const rows: unknown[] = [];
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      const [key, label, exp, imp, total] = (row.values as unknown[]).slice(1);
      rows.push({ key, label, exportUsdCents: Math.round(Number(exp) * 100), importUsdCents: Math.round(Number(imp) * 100), totalUsdCents: Math.round(Number(total) * 100) });
    });
    assert.deepEqual(rows, json.body.rows);
    assert.equal(rows.length, new Set(counted.map((r) => r.country)).size);
  });

  it("when a moderator opens the yearly summary, then it shows exports and imports by market and by product group", async () => {
    const page = await moderator.client.get(`/quan-tri/thong-ke-xnk/${YEAR}?lang=vi`).expect(200);
    assert.match(page.text, new RegExp(`Tổng hợp xuất nhập khẩu tỉnh Gia Lai năm ${YEAR}`));
    assert.match(page.text, /Thái Lan/);
    assert.match(page.text, /Phần XVI – Máy móc, thiết bị điện/);
    assert.match(page.text, new RegExp(`/quan-tri/thong-ke-xnk/xuat/section.xlsx\\?year&#x3D;${YEAR}`));
  });

  it("when an enterprise's name starts like a formula, then the CSV and XLSX exports carry it as inert text", async () => {
    const year = YEAR - 1;
    const parties = await declarationParties(t);
    await t.models.enterprises.updateOne({ _id: parties.enterprise.id }, { $set: { "name.vi": "=HYPERLINK(\"http://x\")" } });
    const filed = await t.services.declarations.file(
      CONTEXT,
      { kind: "user", userId: parties.owner.id, role: "user" },
      { enterpriseId: parties.enterprise.id, input: validDeclaration({ period: `${year}-02`, lines: [validLine(period("02"), { customsDate: `${year}-02-03`, customsNumber: "309999999999" })] }), channel: "upload" },
    );
    const department = { kind: "user" as const, userId: parties.moderator.id, role: "moderator" as const };
    await t.services.declarationReview.decide(CONTEXT, department, { declarationId: filed._id.toString(), action: "start" });
    await t.services.declarationReview.decide(CONTEXT, department, { declarationId: filed._id.toString(), action: "accept" });

    const csv = await parties.moderator.client.get(`/quan-tri/thong-ke-xnk/xuat/enterprise.csv?year=${year}`).expect(200);
    const [, row] = parse(csv.text, { bom: true });
    assert.equal(row![1], `'=HYPERLINK("http://x")`);
    assert.equal(row![4], "46080.00");
    const xlsx = await parties.moderator.client.get(`/quan-tri/thong-ke-xnk/xuat/enterprise.xlsx?year=${year}`).buffer(true).parse(binary as never).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body);
    const cell = workbook.worksheets[0]!.getRow(2).getCell(2);
    assert.equal(cell.type, ExcelJS.ValueType.String);
    assert.equal(cell.value, `'=HYPERLINK("http://x")`);
  });

  it("when an enterprise's owner asks for the statistics or their export, then the answer is 403", async () => {
    await owner.client.get(`/quan-tri/thong-ke-xnk?year=${YEAR}`).expect(403);
    await owner.client.get(`/quan-tri/thong-ke-xnk/xuat/country.csv?year=${YEAR}`).expect(403);
    await owner.client.get(`/quan-tri/thong-ke-xnk/${YEAR}`).expect(403);
  });
});
