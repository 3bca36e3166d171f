import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { PASSWORD } from "../enterprises/enterprise-fixtures.ts";
import { useBrowserApp, watchForProblems } from "../support/browser.ts";
import { declarationParties, lastMonth, validLine } from "../support/declarations.ts";
import { TEST_OUTPUT_DIR } from "../support/harness.ts";
import { HS_CSV } from "../support/shared-data.ts";
import type { TestApp } from "../support/test-app.ts";

/**
 * The whole life of a declaration in a browser, one step per helper: the owner files it, a moderator
 * returns it with notes, the owner corrects and resubmits, the moderator accepts, and the statistics
 * page counts it. Owner and moderator each have their own browser context (their own session).
 */

type Parties = { enterprise: { id: string; slug: string; name: string; taxCode: string }; ownerEmail: string; moderatorEmail: string };
const period = lastMonth();
const LINES = [
  validLine(period, { hsCode: "09011110", partnerCountry: "Nhật Bản", quantity: "19200", valueAmount: "46080.00", valueUsd: "46080.00", customsNumber: "305123450001" }),
  validLine(period, { hsCode: "09041120", description: "Hạt tiêu đen", partnerCountry: "Germany", quantity: "5000", currency: "EUR", valueAmount: "12.500,00", valueUsd: "13625.00", incoterm: "CIF", customsNumber: "305123450002" }),
  validLine(period, { hsCode: "08013200", description: "Hạt điều nhân", partnerCountry: "US", quantity: "2000", valueAmount: "15000.00", valueUsd: "15000.00", customsNumber: "305123450003" }),
];
/** Line 2 as corrected after the moderator's note: a smaller shipment, new value in EUR and USD. */
const CORRECTED_LINE_2 = { ...LINES[1]!, quantity: "4800", valueAmount: "12.000,00", valueUsd: "13080.00" };
const GENERAL_NOTE = "Đề nghị doanh nghiệp đối chiếu lại trị giá dòng hàng 2 với hóa đơn thương mại đính kèm.";
const LINE_2_NOTE = "Trị giá hạt tiêu đen không khớp hóa đơn: hóa đơn ghi 12.000,00 EUR cho 4.800 kg.";
const MODERATOR = { email: `kiem-duyet-e2e-${process.pid}@congthuong.gialai.gov.vn`, name: "Trần Văn Kiểm" };

/** A USD amount as the test typed it ("46080.00") in integer cents. */
function typedCents(text: string | number): number {
  const match = /^(\d+)\.(\d{2})$/.exec(String(text));
  assert.ok(match, `a USD amount typed as 123.45: ${text}`);
  return Number(match[1]) * 100 + Number(match[2]);
}
/** Cents as the department's pages write USD in Vietnamese ("74.160,00 US$"). */
const usdText = (cents: number) => new Intl.NumberFormat("vi-VN", { style: "currency", currency: "USD" }).format(cents / 100);
/** Cents as the form's running total writes them ("74.160,00 USD"). */
const runningTotalText = (cents: number) => `${new Intl.NumberFormat("vi-VN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100)} USD`;

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

async function signInAs(page: Page, baseUrl: string, email: string) {
  await page.goto(`${baseUrl}/dang-nhap`);
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", PASSWORD);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/dang-nhap")), page.click("form[action='/dang-nhap'] button[type=submit]")]);
}

async function openNewDeclaration(page: Page, baseUrl: string, slug: string) {
  await page.goto(`${baseUrl}/to-khai`);
  await page.click(`[data-enterprise="${slug}"] [data-new-declaration]`);
  await page.waitForURL(/\/to-khai\/moi\?dn=/);
}

async function fillHeader(page: Page) {
  await page.selectOption("#period", period.key);
  await page.selectOption("#direction", "export");
  await page.fill("#contact-name", "Nguyễn Thị Hồng Nhung");
  await page.fill("#contact-phone", "0269 3824 567");
  await page.fill("#contact-email", "xnk@caphedakdoa.vn");
}

async function fillLine(page: Page, index: number, line: Record<string, string | number>) {
  const field = (name: string) => `#line-${index}-${name}`;
  for (const name of ["hsCode", "description", "quantity", "unit", "valueAmount", "valueUsd", "customsNumber", "customsDate", "borderGate"]) {
    await page.fill(field(name), String(line[name]));
  }
  await page.fill(field("partnerCountry"), String(line.partnerCountry));
  await page.press(field("partnerCountry"), "Tab"); // the country typed by name becomes its code
  await page.selectOption(field("currency"), String(line.currency));
  await page.selectOption(field("incoterm"), String(line.incoterm));
}

/** Three lines: two in the rows the form offers, one removed and added again with the buttons (JavaScript). */
async function fillThreeLines(page: Page) {
  await fillLine(page, 0, LINES[0]!);
  await fillLine(page, 1, LINES[1]!);
  await page.locator("[data-line]").nth(2).locator("[data-remove-line]").click();
  assert.equal(await page.locator("[data-line]").count(), 2);
  await page.click("[data-add-line]");
  assert.equal(await page.locator("[data-line]").count(), 3);
  await fillLine(page, 2, LINES[2]!);
  assert.equal(await page.inputValue("#line-0-partnerCountry"), "JP");
  assert.equal(await page.inputValue("#line-1-partnerCountry"), "DE");
  assert.match((await page.textContent("[data-running-total]")) ?? "", /74\.705,00 USD/);
  await page.waitForFunction(() => document.querySelector("#line-0-hsCode-description")?.textContent?.includes("0901"));
}

async function saveDraft(page: Page): Promise<string> {
  await Promise.all([page.waitForURL(/\/to-khai\/[a-f\d]{24}\/sua\?ok=saved/), page.click("[data-save]")]);
  return /\/to-khai\/([a-f\d]{24})\//.exec(page.url())![1]!;
}

async function attachInvoice(page: Page, baseUrl: string, id: string) {
  await page.goto(`${baseUrl}/to-khai/${id}#attachments`);
  await page.selectOption("#attachment-kind", "invoice");
  await page.setInputFiles("#attachment-file", { name: "Hóa đơn thương mại.pdf", mimeType: "application/pdf", buffer: PDF });
  await Promise.all([page.waitForURL(/\?ok=fileAdded/), page.click(".attachment-upload button[type=submit]")]);
  assert.equal(await page.locator("[data-attachment]").count(), 1);
}

async function submitDeclaration(page: Page, baseUrl: string, id: string): Promise<string> {
  await page.goto(`${baseUrl}/to-khai/${id}/sua`);
  await Promise.all([page.waitForURL(/\?ok=submitted/), page.click("[data-submit]")]);
  const receiptNumber = (await page.textContent("[data-receipt-number]"))!.trim();
  assert.match(receiptNumber, /^XNK-\d{4}-\d{6}$/);
  return receiptNumber;
}

async function checkReceipt(page: Page, baseUrl: string, id: string, receiptNumber: string) {
  await page.goto(`${baseUrl}/to-khai/${id}/bien-nhan`);
  assert.match((await page.textContent("h1")) ?? "", /Giấy biên nhận hồ sơ/);
  assert.equal((await page.textContent("[data-receipt-number]"))?.trim(), receiptNumber);
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.isVisible(".site-header"), false, "the header is not printed");
  assert.equal(await page.isVisible("[data-print]"), false, "the print button is not printed");
  await page.screenshot({ path: path.join(TEST_OUTPUT_DIR, "declaration-receipt-print.png"), fullPage: true });
  await page.emulateMedia({ media: "screen" });
}

// ---- Step 2: the department returns the declaration for correction --------------------------------

/** A moderator's own browser context (own cookies), watched for console and CSP errors. */
async function moderatorSession(browser: Browser, baseUrl: string, email: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const problems = watchForProblems(page);
  await signInAs(page, baseUrl, email);
  return { context, page, problems };
}

/** The review queue lists the submitted declaration; its receipt number opens the review page. */
async function openFromQueue(page: Page, baseUrl: string, receiptNumber: string, enterpriseName: string) {
  await page.goto(`${baseUrl}/quan-tri/to-khai`);
  await page.getByRole("heading", { level: 1, name: "Tiếp nhận tờ khai xuất nhập khẩu" }).waitFor();
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: receiptNumber, exact: true }) });
  assert.equal(await row.count(), 1, "the declaration is in the queue once");
  assert.match((await row.textContent()) ?? "", new RegExp(enterpriseName));
  assert.match((await row.textContent()) ?? "", /Đã nộp/);
  await Promise.all([page.waitForURL(/\/quan-tri\/to-khai\/[a-f\d]{24}$/), row.getByRole("link", { name: receiptNumber, exact: true }).click()]);
  await page.getByRole("heading", { level: 1, name: `Tờ khai số tiếp nhận ${receiptNumber}` }).waitFor();
}

async function startReview(page: Page) {
  await Promise.all([page.waitForURL(/\?ok=bat-dau$/), page.getByRole("button", { name: "Bắt đầu xem xét" }).click()]);
  await page.getByText("Đã bắt đầu xem xét tờ khai.").waitFor();
  assert.match((await page.locator("#review-heading + p").textContent()) ?? "", /Đang xem xét/);
}

async function returnForCorrection(page: Page) {
  await page.getByLabel("Nội dung cần bổ sung, điều chỉnh").fill(GENERAL_NOTE);
  await page.getByLabel("Ý kiến cho dòng 2", { exact: true }).fill(LINE_2_NOTE);
  await Promise.all([page.waitForURL(/\?ok=tra-lai$/), page.getByRole("button", { name: "Trả lại để bổ sung, điều chỉnh" }).click()]);
  await page.getByText("Đã trả lại tờ khai để doanh nghiệp bổ sung, điều chỉnh.").waitFor();
  assert.match((await page.locator("#review-heading + p").textContent()) ?? "", /Trả lại để bổ sung/);
}

async function moderatorReturns(browser: Browser, baseUrl: string, email: string, receiptNumber: string, enterpriseName: string) {
  const moderator = await moderatorSession(browser, baseUrl, email);
  await openFromQueue(moderator.page, baseUrl, receiptNumber, enterpriseName);
  await startReview(moderator.page);
  await returnForCorrection(moderator.page);
  return moderator;
}

// ---- Step 3: the enterprise reads the notes, corrects line 2 and resubmits ------------------------

async function seeReturnedWithNotes(page: Page, baseUrl: string, id: string) {
  await page.goto(`${baseUrl}/to-khai/${id}`);
  const status = page.locator("[data-status]");
  assert.equal(await status.getAttribute("data-status"), "returned");
  assert.equal((await status.textContent())?.trim(), "Trả lại để bổ sung");
  const review = page.getByRole("status").filter({ has: page.getByRole("heading", { name: "Ý kiến của Sở Công Thương" }) });
  assert.equal((await review.locator("[data-review-note]").textContent())?.trim(), GENERAL_NOTE);
  assert.match((await review.textContent()) ?? "", /Có ghi chú trên 1 dòng hàng/);
  // The note is under line 2, and only there.
  assert.equal(await page.locator("[data-line-note]").count(), 1);
  assert.equal(await page.locator("tr[data-line='2'].line-noted").count(), 1);
  assert.match((await page.locator("tr[data-line='2'] + tr.line-note-row").textContent()) ?? "", new RegExp(LINE_2_NOTE.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
}

async function correctLine2AndResubmit(page: Page, id: string) {
  await Promise.all([page.waitForURL(new RegExp(`/to-khai/${id}/sua$`)), page.getByRole("link", { name: "Sửa và nộp lại" }).click()]);
  await page.getByRole("status").filter({ hasText: "Tờ khai được trả lại để bổ sung." }).waitFor();
  const line2 = page.getByRole("group", { name: "Dòng hàng 2", exact: true });
  assert.equal(await line2.getByLabel("Mã HS").inputValue(), String(LINES[1]!.hsCode), "the returned declaration's lines are in the form");
  await line2.getByLabel("Số lượng", { exact: true }).fill(CORRECTED_LINE_2.quantity);
  await line2.getByLabel("Trị giá nguyên tệ", { exact: true }).fill(CORRECTED_LINE_2.valueAmount);
  await line2.getByLabel("Trị giá (USD)", { exact: true }).fill(CORRECTED_LINE_2.valueUsd);
  await line2.getByLabel("Trị giá (USD)", { exact: true }).press("Tab");
  const expected = [LINES[0]!, CORRECTED_LINE_2, LINES[2]!].reduce((sum, line) => sum + typedCents(line.valueUsd), 0);
  await page.waitForFunction((text) => document.querySelector("[data-running-total]")?.textContent?.includes(text), runningTotalText(expected));
  await Promise.all([page.waitForURL(new RegExp(`/to-khai/${id}\\?ok=submitted$`)), page.getByRole("button", { name: "Nộp lại tờ khai" }).click()]);
}

/** After the resubmission: submitted again, the history has version 1 (returned, with its note) and version 2 (pending). */
async function seeVersion2(page: Page, receiptNumber: string) {
  await page.getByText("Đã nộp tờ khai. Số biên nhận được ghi bên dưới.").waitFor();
  assert.equal(await page.locator("[data-status]").getAttribute("data-status"), "submitted");
  assert.equal((await page.textContent("[data-receipt-number]"))?.trim(), receiptNumber, "a resubmission keeps the receipt number");
  const history = page.getByRole("region", { name: "Các lần nộp" });
  assert.deepEqual(await history.locator("tr[data-version]").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-version"))), ["2", "1"]);
  const v2 = history.locator("tr[data-version='2']");
  const v1 = history.locator("tr[data-version='1']");
  assert.equal((await v2.getByRole("link").textContent())?.trim(), "Lần 2");
  assert.match((await v2.textContent()) ?? "", /Đang chờ xem xét/);
  assert.match((await v1.textContent()) ?? "", /Trả lại để bổ sung/);
  assert.match((await v1.textContent()) ?? "", new RegExp(GENERAL_NOTE.slice(0, 30)));
  const line2 = page.locator("tr[data-line='2']");
  assert.match((await line2.textContent()) ?? "", /12\.000,00 EUR/);
  assert.match((await line2.textContent()) ?? "", /13\.080,00 USD/);
  assert.equal(await page.locator("[data-line-note]").count(), 0, "the old notes are not shown on the resubmitted declaration");
}

// ---- Step 4: the department accepts version 2 ------------------------------------------------------

async function moderatorAccepts(page: Page, baseUrl: string, receiptNumber: string, enterpriseName: string) {
  await openFromQueue(page, baseUrl, receiptNumber, enterpriseName);
  assert.match((await page.locator("#review-heading + p").textContent()) ?? "", /Lần nộp thứ 2/);
  await startReview(page);
  await Promise.all([page.waitForURL(/\?ok=tiep-nhan$/), page.getByRole("button", { name: "Tiếp nhận", exact: true }).click()]);
  await page.getByText("Đã tiếp nhận tờ khai.").waitFor();
  assert.match((await page.locator("#review-heading + p").textContent()) ?? "", /Đã tiếp nhận/);
  assert.equal(await page.getByRole("button", { name: "Tiếp nhận", exact: true }).count(), 0, "no more moves once accepted");
}

// ---- Step 5: the statistics count the accepted declaration ----------------------------------------

/** The row of a statistics table whose heading cell contains `label`, as [export, import, total] texts; the section is named by its heading. */
async function statsRow(page: Page, section: string, label: string): Promise<string[]> {
  const region = page.getByRole("region", { name: section, exact: true });
  const row = region.getByRole("row").filter({ has: page.getByRole("rowheader").filter({ hasText: label }) });
  assert.equal(await row.count(), 1, `one row for ${label} in ${section}`);
  return (await row.getByRole("cell").allTextContents()).map((text) => text.trim());
}

async function seeStatistics(page: Page, baseUrl: string, year: number, enterpriseName: string, lines: Record<string, string | number>[]) {
  await page.goto(`${baseUrl}/quan-tri/thong-ke-xnk?year=${year}`);
  await page.getByRole("heading", { level: 1, name: "Thống kê xuất nhập khẩu" }).waitFor();
  assert.equal(await page.getByLabel("Năm").inputValue(), String(year));
  const total = lines.reduce((sum, line) => sum + typedCents(line.valueUsd!), 0);
  const byCountry = new Map<string, number>();
  for (const line of lines) byCountry.set(String(line.partnerCountry), (byCountry.get(String(line.partnerCountry)) ?? 0) + typedCents(line.valueUsd!));

  assert.deepEqual(await statsRow(page, "Theo doanh nghiệp", enterpriseName), [usdText(total), usdText(0), usdText(total)]);
  assert.deepEqual(await statsRow(page, "Theo loại hình", "Xuất khẩu"), [usdText(total), usdText(0), usdText(total)]);
  const month = Number(period.key.slice(5, 7));
  assert.deepEqual(await statsRow(page, "Theo tháng", `Tháng ${month}/${year}`), [usdText(total), usdText(0), usdText(total)]);
  const countryCodes: Record<string, string> = { "Nhật Bản": "JP", Germany: "DE", US: "US" };
  for (const [typed, cents] of byCountry) assert.deepEqual(await statsRow(page, "Theo thị trường (nước đối tác)", `(${countryCodes[typed]})`), [usdText(cents), usdText(0), usdText(cents)]);
  const turnover = page.locator(".stats-totals .card").filter({ has: page.getByRole("heading", { name: "Tổng kim ngạch" }) });
  assert.equal((await turnover.locator("strong").textContent())?.trim(), usdText(total));

  // Every breakdown with figures has its chart, drawn by Chart.js.
  const canvases = page.locator("canvas[data-chart]");
  assert.equal(await canvases.count(), 5);
  await page.waitForFunction(() => {
    const chart = (window as unknown as { Chart?: { getChart(canvas: Element): unknown } }).Chart;
    return !!chart && [...document.querySelectorAll("canvas[data-chart]")].every((canvas) => chart.getChart(canvas) && (canvas as HTMLCanvasElement).width > 0);
  });
  await page.screenshot({ path: path.join(TEST_OUTPUT_DIR, "declaration-statistics.png"), fullPage: true });
  return total;
}

describe("browser: an enterprise files an import-export declaration", () => {
  let parties: Parties;
  const fixture = useBrowserApp(async (t: TestApp) => {
    // The form shows each HS heading's description as people type (when the public list is at hand; the flow does not depend on it).
    if (HS_CSV) await t.services.nomenclature.importCsv(HS_CSV);
    const { enterprise, owner } = await declarationParties(t);
    const { user: moderator } = await t.services.users.upsertUser({ ...MODERATOR, password: PASSWORD, role: "moderator" });
    const email = async (id: string) => (await t.models.users.findById(id).lean())!.email;
    parties = { enterprise, ownerEmail: await email(owner.id), moderatorEmail: moderator.email };
  });

  it("when the owner files three lines with an invoice, the moderator returns it with a note on line 2, the owner corrects and resubmits and the moderator accepts, then the statistics count version 2, with no console or CSP error", async () => {
    fs.mkdirSync(TEST_OUTPUT_DIR, { recursive: true });
    const context = await fixture.browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const problems = watchForProblems(page);
    const { baseUrl } = fixture;

    await signInAs(page, baseUrl, parties.ownerEmail);
    await openNewDeclaration(page, baseUrl, parties.enterprise.slug);
    await fillHeader(page);
    await fillThreeLines(page);
    await page.screenshot({ path: path.join(TEST_OUTPUT_DIR, "declaration-form.png"), fullPage: true });
    const id = await saveDraft(page);
    await attachInvoice(page, baseUrl, id);
    const receiptNumber = await submitDeclaration(page, baseUrl, id);
    await page.screenshot({ path: path.join(TEST_OUTPUT_DIR, "declaration-submitted.png"), fullPage: true });
    await checkReceipt(page, baseUrl, id, receiptNumber);

    const stored = await fixture.testApp.models.declarations.findById(id).lean();
    assert.equal(stored?.status, "submitted");
    assert.equal(stored?.lines.length, 3);
    assert.equal(stored?.attachments.length, 1);
    assert.deepEqual(stored?.lines.map((line) => line.partnerCountry), ["JP", "DE", "US"]);
    assert.equal(stored?.totals.valueUsdCents, 7_470_500);

    // (2) The department starts the review and returns it with a general note and a note on line 2.
    const models = fixture.testApp.models;
    const moderator = await moderatorReturns(fixture.browser, baseUrl, parties.moderatorEmail, receiptNumber, parties.enterprise.name);
    const returned = await models.declarations.findById(id).lean();
    assert.equal(returned?.status, "returned");
    assert.equal(returned?.review.note, GENERAL_NOTE);
    assert.deepEqual(returned?.review.lineNotes.map(({ line, note }) => ({ line, note })), [{ line: 1, note: LINE_2_NOTE }]);

    // (3) The owner reads the notes, corrects line 2 and resubmits: version 2, both versions kept.
    await seeReturnedWithNotes(page, baseUrl, id);
    await correctLine2AndResubmit(page, id);
    await seeVersion2(page, receiptNumber);
    const resubmitted = await models.declarations.findById(id).lean();
    assert.equal(resubmitted?.status, "submitted");
    assert.equal(resubmitted?.version, 2);
    assert.equal(resubmitted?.receiptNumber, receiptNumber);
    assert.equal(resubmitted?.lines[1]?.valueUsdCents, typedCents(CORRECTED_LINE_2.valueUsd));
    assert.equal(resubmitted?.attachments.length, 1, "the attachment stays with the corrected declaration");
    const versions = await models.declarationVersions.find({ declarationId: id }).sort({ version: 1 }).lean();
    assert.deepEqual(versions.map((v) => v.version), [1, 2]);
    assert.equal(versions[0]?.outcome?.status, "returned");
    assert.equal(versions[0]?.snapshot.lines?.[1]?.valueUsdCents, typedCents(LINES[1]!.valueUsd!), "version 1 keeps the figures as first submitted");
    assert.equal(versions[1]?.snapshot.lines?.[1]?.valueUsdCents, typedCents(CORRECTED_LINE_2.valueUsd));

    // (4) The department reviews version 2 and accepts it.
    await moderatorAccepts(moderator.page, baseUrl, receiptNumber, parties.enterprise.name);
    const accepted = await models.declarations.findById(id).lean();
    assert.equal(accepted?.status, "accepted");
    assert.equal(accepted?.version, 2);

    // (5) The statistics of the declaration's year count it, with the corrected line 2.
    const total = await seeStatistics(moderator.page, baseUrl, Number(period.key.slice(0, 4)), parties.enterprise.name, [LINES[0]!, CORRECTED_LINE_2, LINES[2]!]);
    assert.equal(accepted?.totals.valueUsdCents, total);

    assert.deepEqual(problems, [], "the owner's browser reported no errors (CSP violations are errors)");
    assert.deepEqual(moderator.problems, [], "the moderator's browser reported no errors (CSP violations are errors)");
    await moderator.context.close();
    await context.close();
  });
});
