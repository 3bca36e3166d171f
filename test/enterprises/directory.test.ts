import assert from "node:assert/strict";
import ExcelJS from "exceljs";
import request from "supertest";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";
import { person, publishedProduct, storedEnterprise } from "./enterprise-fixtures.ts";

/** Storefront slugs linked from a directory page, in order. */
const slugsIn = (html: string) => [...html.matchAll(/class="enterprise-name"><a href="\/doanh-nghiep\/([a-z0-9-]+)"/g)].map((m) => m[1]!);
const decode = (html: string) => html.replace(/&#x3D;/g, "=").replace(/&quot;/g, "\"").replace(/&amp;/g, "&");

describe("the enterprise directory and its exports", () => {
  let t: TestApp;
  /** 23 verified manufacturers in phường Pleiku named "Xưởng 01"…"Xưởng 23", plus a few distinct ones. */
  const ids: Record<string, string> = {};
  before(async () => {
    t = await startTestApp({ RATE_LIMIT_SIGNIN_PER_IP: "1000" });
    for (let i = 1; i <= 23; i += 1) {
      await storedEnterprise(t, { name: { vi: `Xưởng ${String(i).padStart(2, "0")}`, en: "" }, kind: "manufacturer", address: { street: "1 Lê Lợi", commune: "phường Pleiku" } });
    }
    ids.coop = (await storedEnterprise(t, {
      name: { vi: "Hợp tác xã Ấp Tiêu", en: "" },
      kind: "cooperative",
      sectors: ["ho-tieu"],
      address: { street: "Thôn 3", commune: "xã Chư Sê" },
      certifications: [{ kind: "vietgap", number: "VG-1", issuer: "Cục Trồng trọt", expiresAt: new Date("2099-01-01") }],
    })).id;
    ids.expired = (await storedEnterprise(t, {
      name: { vi: "Đại lý Hết Hạn", en: "" },
      kind: "trading",
      phone: "+84 269 382 4567",
      address: { street: "Thôn 3", commune: "xã Chư Sê" },
      certifications: [{ kind: "vietgap", number: "VG-0", issuer: "Cục Trồng trọt", expiresAt: new Date("2020-01-01") }],
    })).id;
    ids.ocop = (await storedEnterprise(t, { name: { vi: "=HYPERLINK(\"http://x\")", en: "" }, kind: "household", address: { street: "Làng Kon Hring", commune: "xã Đak Đoa" } })).id;
    await publishedProduct(t, ids.ocop, { ocop: { stars: 5, certificateNo: "OCOP-5", expiresAt: new Date("2099-01-01") } });
    ids.pending = (await storedEnterprise(t, { name: { vi: "Chờ Duyệt Chư Sê", en: "" }, status: "pending", verifiedAt: null, address: { street: "Thôn 3", commune: "xã Chư Sê" } })).id;
  });
  after(() => stopTestApp(t));

  it("when a visitor opens the directory, then it lists 20 verified enterprises by name per page with links that keep the filters", async () => {
    const first = await request(t.app).get("/doanh-nghiep?kind=manufacturer");
    assert.equal(first.status, 200);
    assert.match(first.text, /23 doanh nghiệp/);
    const names = [...first.text.matchAll(/">(Xưởng \d\d)<\/a><\/h2>/g)].map((m) => m[1]);
    assert.equal(names.length, 20);
    assert.deepEqual(names, [...names].sort());
    const next = first.text.match(/href="([^"]+)" rel="next"/)?.[1];
    assert.equal(next && decode(next), "/doanh-nghiep?kind=manufacturer&page=2");

    const second = await request(t.app).get(decode(next!));
    const rest = [...second.text.matchAll(/">(Xưởng \d\d)<\/a><\/h2>/g)].map((m) => m[1]);
    assert.deepEqual(rest, ["Xưởng 21", "Xưởng 22", "Xưởng 23"]);
  });

  it("when a visitor filters by kind, sector, commune, certification or OCOP, then only matching verified enterprises are listed", async () => {
    const html = async (query: string) => decode((await request(t.app).get(`/doanh-nghiep?${query}`)).text);
    assert.match(await html("commune=x%C3%A3%20Ch%C6%B0%20S%C3%AA"), /2 doanh nghiệp/, "the pending one in Chư Sê is not counted");
    assert.deepEqual(slugsIn(await html("kind=cooperative")).length, 1);
    assert.match(await html("sector=ho-tieu"), /Hợp tác xã Ấp Tiêu/);
    const certified = await html("certification=vietgap");
    assert.match(certified, /Hợp tác xã Ấp Tiêu/);
    assert.doesNotMatch(certified, /Đại lý Hết Hạn/, "an expired certificate does not count");
    const ocop = await html("ocop=1");
    assert.match(ocop, /1 doanh nghiệp/);
    assert.match(ocop, /=HYPERLINK/);
    assert.match(ocop, /OCOP 5★/);
    assert.doesNotMatch(await html("status=pending"), /Chờ Duyệt Chư Sê/, "a visitor's status filter is ignored");
  });

  it("when a moderator exports the filtered list, then the CSV (with a BOM) and the XLSX hold exactly the enterprises the directory shows, with formulas neutralised", async () => {
    const moderator = await person(t, "kiemduyet.xuat@example.vn", "moderator");
    const filter = "commune=x%C3%A3%20Ch%C6%B0%20S%C3%AA&status=";
    const page = await moderator.client.get(`/doanh-nghiep?${filter}`);
    assert.match(page.text, /3 doanh nghiệp/, "moderators also see the pending one");
    const listed = slugsIn(page.text);

    const csv = await moderator.client.get(`/doanh-nghiep/xuat.csv?${filter}`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers["content-type"]!, /text\/csv; charset=utf-8/);
    assert.ok(csv.text.startsWith("\uFEFF"), "UTF-8 byte order mark");
    const lines = csv.text.slice(1).trim().split("\r\n");
    assert.match(lines[0]!, /^Tên doanh nghiệp \(tiếng Việt\),/);
    assert.equal(lines.length - 1, listed.length);
    for (const slug of listed) assert.ok(csv.text.includes(`/doanh-nghiep/${slug}`), slug);
    assert.match(csv.text, /'\+84 269 382 4567/, "a cell starting with + is quoted");
    assert.match(csv.text, /Chờ xác minh/);

    const xlsx = await moderator.client.get(`/doanh-nghiep/xuat.xlsx?${filter}`).buffer(true).parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => callback(null, Buffer.concat(chunks)));
    });
    assert.equal(xlsx.status, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    assert.equal(sheet.rowCount - 1, listed.length);
    const storefronts: string[] = [];
    sheet.eachRow((row, number) => {
      if (number > 1) storefronts.push(String(row.getCell(16).value).replace(/^.*\/doanh-nghiep\//, ""));
    });
    assert.deepEqual(storefronts, listed);

    const ocop = await moderator.client.get("/doanh-nghiep/xuat.csv?ocop=1");
    assert.match(ocop.text, /\n"'=HYPERLINK\(""http:\/\/x""\)"/, "a name starting with = is quoted");
  });
});
