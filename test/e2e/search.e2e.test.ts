import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { seedDemoCatalogue } from "../../src/seed/seed.ts";
import { useBrowserApp, watchForProblems } from "../support/browser.ts";
import { TEST_OUTPUT_DIR } from "../support/harness.ts";

describe("browser: searching the catalogue", function () {
  this.timeout(90_000);
  const fixture = useBrowserApp(async (testApp) => {
    await seedDemoCatalogue(testApp.areas);
    await testApp.services.searchSync.catchUp();
  });

  it("when a buyer types without diacritics, then suggestions come (keyboard navigable), the results page lists pepper, a facet narrows it and a product opens", async () => {
    const context = await fixture.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchForProblems(page);

    await page.goto(fixture.baseUrl);
    const box = page.locator("#header-q");
    await box.fill("ho tieu");
    const listbox = page.locator("#header-q-suggestions");
    await listbox.waitFor({ state: "visible" });
    assert.equal(await box.getAttribute("role"), "combobox");
    assert.equal(await box.getAttribute("aria-expanded"), "true");
    assert.ok((await listbox.locator('[role="option"]').count()) > 0);
    await box.press("ArrowDown");
    const activeId = await box.getAttribute("aria-activedescendant");
    assert.ok(activeId, "the first option is active");
    assert.equal(await page.locator(`#${activeId}`).getAttribute("aria-selected"), "true");
    await box.press("Escape");
    assert.equal(await box.getAttribute("aria-expanded"), "false");

    await box.press("Enter");
    await page.waitForURL(/\/tim-kiem\?q=ho\+tieu/);
    assert.match(await page.locator("h1").innerText(), /ho tieu/);
    const before = await page.locator(".search-hit").count();
    assert.ok(before >= 5, "pepper listings are shown");
    fs.mkdirSync(TEST_OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(TEST_OUTPUT_DIR, "search-results.png"), fullPage: true });

    await page.locator('[data-facet="certification"] a', { hasText: "Hữu cơ" }).click();
    await page.waitForURL(/certification=organic/);
    const after = await page.locator(".search-hit").count();
    assert.ok(after >= 1 && after < before, `the facet narrows ${before} → ${after}`);
    assert.match(await page.locator(".search-total").innerText(), new RegExp(`^${after} sản phẩm`));

    const first = page.locator(".search-hit .product-name a").first();
    const name = await first.innerText();
    await first.click();
    await page.waitForURL(/\/san-pham\//);
    assert.match(await page.locator("h1").innerText(), new RegExp(name.replace(/[()]/g, ".")));
    assert.deepEqual(problems, []);
    await context.close();
  });
});
