import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { useBrowserApp, watchForProblems } from "../support/browser.ts";
import { TEST_OUTPUT_DIR } from "../support/harness.ts";

describe("browser: register, sign in, sign out", () => {
  const fixture = useBrowserApp();

  it("when a buyer signs up, signs out and signs in again through the pages, then the header follows each step", async () => {
    const context = await fixture.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchForProblems(page);

    await page.goto(`${fixture.baseUrl}/dang-ky`);
    await page.fill("#name", "Kpă Thị Nguyệt");
    await page.fill("#email", "nguyet@htx-thocam.vn");
    await page.fill("#password", "Dệt thổ cẩm Bahnar 2026");
    await page.fill("#passwordConfirm", "Dệt thổ cẩm Bahnar 2026");
    await Promise.all([page.waitForURL(`${fixture.baseUrl}/tai-khoan`), page.click("form[action='/dang-ky'] button[type=submit]")]);
    assert.match(await page.textContent("main") ?? "", /nguyet@htx-thocam\.vn/);
    fs.mkdirSync(TEST_OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(TEST_OUTPUT_DIR, "account.png"), fullPage: true });

    await Promise.all([page.waitForURL(`${fixture.baseUrl}/`), page.click("form[action='/dang-xuat'] button")]);
    assert.ok(await page.locator("a[href='/dang-nhap']").count() > 0, "signed out: the sign-in link is back");

    await page.goto(`${fixture.baseUrl}/tai-khoan`);
    assert.match(page.url(), /\/dang-nhap\?returnTo=%2Ftai-khoan$/);
    await page.fill("#email", "nguyet@htx-thocam.vn");
    await page.fill("#password", "Dệt thổ cẩm Bahnar 2026");
    await Promise.all([page.waitForURL(`${fixture.baseUrl}/tai-khoan`), page.click("form[action='/dang-nhap'] button[type=submit]")]);
    assert.match(await page.textContent("header") ?? "", /Kpă Thị Nguyệt/);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
