import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import request from "supertest";
import { ValidationError } from "../../src/platform/errors.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { hsCsvOrSkip } from "../support/shared-data.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hs-test-"));
let sequence = 0;
function csvFile(text: string): string {
  sequence += 1;
  const file = path.join(dir, `hs-${sequence}.csv`);
  fs.writeFileSync(file, text);
  return file;
}

const SMALL = ["code,description,parent,level", "09,Coffee and spices,TOTAL,2", "0901,Cà phê,09,4", "090111,Cà phê chưa rang,0901,6", "09011110,Arabica,090111,8"].join("\n");

describe("HS nomenclature", function () {
  this.timeout(300_000);
  let t: TestApp;

  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    await stopTestApp(t);
  });

  it("when the public HS list is imported, then GET /api/v1/hs/09011110 describes chapter 09, heading 0901 (coffee) and subheading 090111", async function () {
    const HS_CSV = hsCsvOrSkip(this);
    const rowsInFile = fs.readFileSync(HS_CSV, "utf8").trim().split("\n").length - 1;
    const started = performance.now();
    const phases: string[] = [];
    const { imported, edition } = await t.services.nomenclature.importCsv(HS_CSV, { onProgress: ({ phase }) => phases.push(phase) });
    const ms = Math.round(performance.now() - started);
    console.log(`      HS import: ${rowsInFile} rows in the file, ${imported} codes imported in ${ms} ms`);

    assert.equal(imported, rowsInFile - 1, "every row but the TOTAL root");
    assert.deepEqual([...new Set(phases)], ["validated", "writing", "switched", "done"]);
    assert.equal(await t.models.hsEntries.countDocuments({ edition }), imported);
    assert.equal((await t.models.hsPointer.findById("active").lean())?.edition, edition);
    assert.equal(await t.services.nomenclature.isLoaded(), true);

    const res = await request(t.app).get("/api/v1/hs/09011110").expect(200);
    assert.equal(res.body.code, "09011110");
    assert.equal(res.body.chapter.code, "09");
    assert.match(res.body.chapter.description, /Coffee, tea, mat[ée] and spices/i);
    assert.equal(res.body.heading.code, "0901");
    assert.match(res.body.heading.description, /^Coffee, whether or not roasted/);
    assert.equal(res.body.subheading.code, "090111");
    assert.equal(res.body.line, undefined, "the HS list has no 8-digit lines");

    const unknown = await request(t.app).get("/api/v1/hs/09991110").expect(404);
    assert.equal(unknown.body.error.code, "not_found");
    assert.match(unknown.body.error.message, /09991110/);
    await request(t.app).get("/api/v1/hs/98011110").expect(404);
    const malformed = await request(t.app).get("/api/v1/hs/09ab").expect(400);
    assert.equal(malformed.body.error.code, "bad_request");
  });

  it("when no nomenclature is loaded, then isLoaded is false, lookup is empty and the endpoint answers 404", async () => {
    assert.equal(await t.services.nomenclature.isLoaded(), false);
    assert.equal((await t.services.nomenclature.lookup(["09011110"])).size, 0);
    await request(t.app).get("/api/v1/hs/0901").expect(404);
  });

  it("when a file has a bad level and a non-digit code, then it is refused with row numbers and the previous edition stays active and whole", async () => {
    const first = await t.services.nomenclature.importCsv(csvFile(SMALL));
    const bad = csvFile(
      ["\uFEFFhscode;description;parent;level;note", "09;Coffee;TOTAL;2;x", "0901;Coffee;09;5;", "09A1;Other;09;4;", "090111;Arabica;0902;6;"].join("\n"),
    );
    const error = await t.services.nomenclature.importCsv(bad).then(
      () => assert.fail("the file was accepted"),
      (thrown: unknown) => thrown,
    );
    assert.ok(error instanceof ValidationError);
    assert.equal(error.fieldErrors["row.3.level"], "nomenclature.errors.level");
    assert.equal(error.fieldErrors["row.4.code"], "nomenclature.errors.codeDigits");
    assert.equal(error.fieldErrors["row.5.parent"], "nomenclature.errors.parent");
    assert.equal(error.fieldErrors["row.2.code"], undefined);

    assert.equal((await t.models.hsPointer.findById("active").lean())?.edition, first.edition);
    assert.equal(await t.models.hsEntries.countDocuments({}), 4, "nothing of the refused file was written");
    const res = await request(t.app).get("/api/v1/hs/09011110").expect(200);
    assert.equal(res.body.heading.description, "Cà phê");
    assert.equal(res.body.line.description, "Arabica");
  });

  it("when a second file is imported, then it replaces the first: the pointer names it, the old rows are gone and lookups see the new text", async () => {
    const first = await t.services.nomenclature.importCsv(csvFile(SMALL));
    assert.equal((await t.services.nomenclature.lookup(["09011110"])).get("09011110")?.heading?.description, "Cà phê");

    const second = await t.services.nomenclature.importCsv(csvFile(SMALL.replace("0901,Cà phê,09,4", '0901,"Cà phê, đã hoặc chưa rang",09,4').replace("\n09011110,Arabica,090111,8", "")));
    assert.notEqual(second.edition, first.edition);
    assert.equal(second.imported, 3);
    assert.equal(await t.models.hsEntries.countDocuments({ edition: first.edition }), 0);
    assert.equal(await t.models.hsEntries.countDocuments({}), 3);
    const res = await request(t.app).get("/api/v1/hs/0901.11.10").expect(200);
    assert.equal(res.body.heading.description, "Cà phê, đã hoặc chưa rang");
    assert.equal(res.body.line, undefined);
  });

  it("when another instance switches the edition, then lookups follow the pointer after the check interval", async () => {
    await t.services.nomenclature.importCsv(csvFile(SMALL));
    const { createNomenclature } = await import("../../src/declarations/nomenclature/nomenclature.service.ts");
    const other = createNomenclature({ entries: t.models.hsEntries, pointer: t.models.hsPointer, logger: createLogger("silent"), pointerCheckMs: 0 });
    assert.equal((await other.lookup(["0901"])).get("0901")?.heading?.description, "Cà phê");
    await t.services.nomenclature.importCsv(csvFile(SMALL.replace("Cà phê,09", "Coffee,09")));
    assert.equal((await other.lookup(["0901"])).get("0901")?.heading?.description, "Coffee");
  });
});
