import assert from "node:assert/strict";
import request from "supertest";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

describe("the home page's title", () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => stopTestApp(t));

  it("when the home page is opened in either language, then its <title> is a sentence in that language, never an i18n key", async () => {
    const titleOf = async (lang: string) => (await request(t.app).get(`/?lang=${lang}`).expect(200)).text.match(/<title>([^<]*)<\/title>/)?.[1] ?? "";
    assert.equal(await titleOf("vi"), "Hàng Việt của doanh nghiệp Gia Lai: tìm, hỏi giá và đặt mua · Sàn giao dịch thương mại Gia Lai");
    assert.equal(await titleOf("en"), "Vietnamese goods from Gia Lai&#x27;s enterprises: find, ask for quotes and order · Gia Lai Trade Exchange");
  });
});
