import assert from "node:assert/strict";
import fs from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import sharp from "sharp";
import { launchBrowser, watchForProblems } from "../support/browser.ts";
import { TEST_OUTPUT_DIR } from "../support/harness.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";
import { makeEnterprise, makeMember, PASSWORD, seedCatalogue } from "../products/listing.fixtures.ts";

describe("browser: a seller creates a listing, uploads an image and submits it", function () {
  let testApp: TestApp | undefined;
  let server: Server | undefined;
  let browser: Browser | undefined;
  let baseUrl = "";

  before(async function () {
    browser = await launchBrowser();
    if (!browser) {
      console.log("      (skipped: no chromium; `npm run setup:tools` installs Debian's package)");
      this.skip();
    }
    testApp = await startTestApp({ RATE_LIMIT_SIGNIN_PER_IP: "1000" });
    await seedCatalogue(testApp);
    server = testApp.app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server!.once("listening", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await stopTestApp(testApp);
  });

  it("when an owner of a verified enterprise fills the form, uploads a photo and submits, then the listing shows as pending with its image, with no console or CSP error", async () => {
    const enterprise = await makeEnterprise(testApp!, "htx-ca-phe");
    const owner = await makeMember(testApp!, enterprise.id, "owner");
    const photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "listing-")), "ca-phe.jpg");
    await sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 90, g: 60, b: 30 } } }).jpeg().toFile(photo);

    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchForProblems(page);

    await page.goto(`${baseUrl}/dang-nhap`);
    await page.fill("#email", owner.email);
    await page.fill("#password", PASSWORD);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/dang-nhap")), page.click("form[action='/dang-nhap'] button[type=submit]")]);

    const base = `${baseUrl}/doanh-nghiep/${enterprise.slug}/san-pham`;
    await page.goto(`${base}/moi`);
    await page.fill("#sku", "CF-NHAN-18");
    await page.fill("#name_vi", "Cà phê nhân Robusta sàng 18");
    await page.selectOption("#category", "ca-phe");
    await page.fill("#description_vi", "Cà phê nhân sơ chế ướt.\n\nBao 60 kg.");
    await page.selectOption("#unit", "kg");
    await page.fill("#tier0_min", "100");
    await page.fill("#tier0_price", "120000");
    await page.fill("#tier1_min", "1000");
    await page.fill("#tier1_price", "115000");
    await page.fill("#minOrderQty", "100");
    await page.fill("#stock", "20000");
    await page.check("input[name=seasonMonths][value='11']");
    await Promise.all([page.waitForURL(/\/CF-NHAN-18\/sua\?ok=created$/), page.click("button[name=intent][value=save]")]);
    assert.equal(await page.getAttribute("[data-status]", "data-status"), "draft");

    await page.setInputFiles("#images", photo);
    await Promise.all([page.waitForURL(/ok=imageAdded$/), page.click("form[enctype='multipart/form-data'] button[type=submit]")]);
    const image = page.locator(".image-list img");
    assert.equal(await image.count(), 1);
    await image.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>(".image-list img");
      return Boolean(img && img.complete && img.naturalWidth > 0);
    }, undefined, { timeout: 10_000 });
    assert.equal(await image.evaluate((img: HTMLImageElement) => img.naturalWidth), 400, "the 400 px rendition loads");

    await Promise.all([page.waitForURL(/ok=submitted$/), page.click(`form[action$='/CF-NHAN-18/gui-duyet'] button`)]);
    assert.equal(await page.getAttribute("[data-status]", "data-status"), "pending");
    assert.match((await page.textContent("[data-status]")) ?? "", /Chờ duyệt/);
    fs.mkdirSync(TEST_OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(TEST_OUTPUT_DIR, "listing-pending.png"), fullPage: true });

    await page.goto(base);
    assert.match((await page.textContent("tr[data-sku='CF-NHAN-18']")) ?? "", /Chờ duyệt/);
    const doc = await testApp!.models.products.findOne({ enterpriseId: enterprise.id, sku: "CF-NHAN-18" }).lean();
    assert.equal(doc?.status, "pending");
    assert.equal(doc?.images?.length, 1);
    assert.deepEqual(doc?.seasonMonths, [11]);
    assert.deepEqual(problems, []);
  });

  it("when a visitor opens a published product page, then the JSON-LD data block causes no CSP report or console error", async () => {
    const product = await testApp!.models.products.findOne({ status: "published" }).lean();
    assert.ok(product, "the demo catalogue has published products");
    const context = await browser!.newContext();
    const page = await context.newPage();
    const problems = watchForProblems(page);
    const response = await page.goto(`${baseUrl}/san-pham/${product.slug}`);
    assert.equal(response?.status(), 200);
    const data = JSON.parse((await page.textContent("script[type='application/ld+json']")) ?? "{}");
    assert.equal(data["@type"], "Product");
    await page.screenshot({ path: path.join(TEST_OUTPUT_DIR, "product-page.png"), fullPage: true });
    assert.deepEqual(problems, []);
  });
});
