import assert from "node:assert/strict";
import request from "supertest";
import { SYSTEM_ACTOR } from "../../src/platform/audit/audit.service.ts";
import { createLogger } from "../../src/platform/logger.ts";
import { ensureAppKey } from "../../src/platform/search/meilisearch-keys.ts";
import { seedDemoCatalogue } from "../../src/seed/seed.ts";
import { harness, MEILI_TEST_PREFIX } from "../support/harness.ts";
import { startMeilisearch, type StartedMeilisearch } from "../support/meilisearch.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

const SYSTEM = { actor: SYSTEM_ACTOR, ip: null, userAgent: null };

/**
 * The outage the design promises to survive, on a real Meilisearch process of the test's own (the
 * run's shared one must stay up for the other files): frozen (SIGSTOP) while listings change, then
 * killed (SIGKILL) and started again on the same data folder.
 */
describe("Meilisearch outage: frozen, then killed and restarted on its data, while listings change", function () {
  this.timeout(120_000);
  let meili: StartedMeilisearch | undefined;
  let t: TestApp | undefined;

  before(async function () {
    if (!harness.meiliBinary) {
      console.log(`      skipped: needs a Meilisearch binary this run can stop (MEILI_BIN or the shared copy): ${harness.meiliSkipReason}`);
      return this.skip();
    }
    meili = await startMeilisearch(harness.meiliBinary, createLogger("silent"));
    const { key } = await ensureAppKey({ host: meili.url, masterKey: meili.masterKey, indexPrefix: MEILI_TEST_PREFIX });
    t = await startTestApp({ MEILI_HOST: meili.url, MEILI_API_KEY: key, MEILI_INDEX_PREFIX: `${MEILI_TEST_PREFIX}outage_` });
    await seedDemoCatalogue(t.areas);
    await t.services.searchSync.catchUp();
  });
  after(async () => {
    await t?.services.searchSync.stop();
    await stopTestApp(t);
    await meili?.stop();
  });

  it("when the server stops answering and then crashes, then writes go on, search says it is down, and after the restart every change is searchable and nothing is lost", async () => {
    const app = t!;
    const { products, enterprises } = app.models;
    const slugs = async (q: string, extra: Record<string, string> = {}) => {
      const res = await request(app.app).get("/api/v1/search/products").query({ q, perPage: 100, ...extra });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return (res.body.hits as { slug: string }[]).map((hit) => hit.slug);
    };
    const publicCount = async () => (await request(app.app).get("/api/v1/search/products").query({ perPage: 1 })).body.total as number;
    const before = await publicCount();
    assert.ok((await slugs("tieu do")).includes("tieu-do-chin-cay-hcs"));

    meili!.freeze();
    // Through the app: an archive (notify path), a rename (poll path), a suspension. None waits for the index.
    const pepper = (await products.findOne({ slug: "tieu-do-chin-cay-hcs" }).lean())!;
    const started = Date.now();
    await app.services.productListings.archive(SYSTEM, pepper.enterpriseId.toString(), pepper.sku);
    // The rename as the products area writes it: the listing with its searchVersion bumped, then its outbox entry.
    const squid = await products.findOneAndUpdate({ slug: "muc-mot-nang-bqn" }, { $set: { "name.vi": "Mực khô một nắng Quy Nhơn" }, $inc: { searchVersion: 1 } }).lean();
    await app.models.productChanges.create({ ref: squid!._id });
    const fish = (await enterprises.findOne({ slug: "thuc-pham-bien-quy-nhon" }).lean())!;
    const fishProducts = await products.countDocuments({ enterpriseId: fish._id, status: "published" });
    await app.services.enterpriseVerification.decide(SYSTEM, { enterpriseId: fish._id.toString(), action: "suspend", reason: "Tạm dừng kiểm tra" });
    assert.ok(Date.now() - started < 4_000, "writes did not wait for the frozen index");
    assert.equal((await products.findById(pepper._id).lean())!.status, "archived");

    const health = await request(app.app).get("/healthz");
    assert.equal(health.status, 503);
    assert.equal(health.body.search, "down");
    await assert.rejects(app.services.searchSync.runOnce());
    assert.ok((await products.findById(pepper._id).lean())!.searchVersion > (await products.findById(pepper._id).lean())!.indexedVersion, "the dirty mark stays");

    await meili!.kill();
    await meili!.restart();
    for (let attempt = 0; ; attempt++) {
      try {
        await app.services.searchSync.runOnce();
        break;
      } catch (error) {
        if (attempt > 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }

    assert.ok(!(await slugs("tieu do")).includes("tieu-do-chin-cay-hcs"), "the archived listing is gone");
    assert.deepEqual(await slugs("", { enterprise: "thuc-pham-bien-quy-nhon" }), [], "the suspended enterprise's listings are hidden");
    assert.equal(await publicCount(), before - 1 - fishProducts, "nothing else changed");
    await app.services.enterpriseVerification.decide(SYSTEM, { enterpriseId: fish._id.toString(), action: "reinstate", reason: "Đã kiểm tra xong" });
    await app.services.searchSync.runOnce();
    assert.deepEqual(await slugs("muc kho"), ["muc-mot-nang-bqn"], "the rename made while the index was down");
    assert.equal(await publicCount(), before - 1);
    const clean = (await products.findById(pepper._id).lean())!;
    assert.equal(clean.indexedVersion, clean.searchVersion);
    assert.equal((await app.services.search.stats()).products, await products.countDocuments({ status: "published" }));
  });
});
