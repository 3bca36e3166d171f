import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { seedDemoCatalogue } from "../../src/seed/seed.ts";
import { useBrowserApp, watchForProblems } from "../support/browser.ts";
import { TEST_OUTPUT_DIR } from "../support/harness.ts";

describe("browser: the home page", () => {
  const fixture = useBrowserApp((testApp) => seedDemoCatalogue(testApp.areas).then(() => undefined));

  it("when a visitor opens the home page and switches to English, then the page follows, with no CSP violation", async () => {
    const context = await fixture.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchForProblems(page);

    await page.goto(fixture.baseUrl);
    assert.equal(await page.getAttribute("html", "lang"), "vi");
    assert.match(await page.title(), /Sàn giao dịch thương mại Gia Lai/);
    assert.ok((await page.locator(".product-card, .card").count()) > 0, "seeded products are shown");
    fs.mkdirSync(TEST_OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(TEST_OUTPUT_DIR, "home-vi.png"), fullPage: true });

    await page.click('a[href*="lang=en"]');
    await page.waitForURL(/lang=en/);
    assert.equal(await page.getAttribute("html", "lang"), "en");
    assert.match(await page.title(), /Gia Lai Trade Exchange/);
    await page.screenshot({ path: path.join(TEST_OUTPUT_DIR, "home-en.png"), fullPage: true });

    await page.goto(fixture.baseUrl); // the choice is remembered without the query parameter
    assert.equal(await page.getAttribute("html", "lang"), "en");
    assert.deepEqual(problems, [], "the browser reported no errors (CSP violations are errors)");
    await context.close();
  });

  it("when the page is viewed on a phone, then the menu button opens the navigation", async () => {
    const context = await fixture.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(fixture.baseUrl);
    const toggle = page.locator("button[aria-expanded]").first();
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");
    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-expanded"), "true");
    await page.screenshot({ path: path.join(TEST_OUTPUT_DIR, "home-phone.png"), fullPage: true });
    await context.close();
  });
});
