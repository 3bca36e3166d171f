/**
 * npm run bench:import [-- --rows 10000]
 * The bulk import's throughput on this machine: a 10,000-row XLSX with 3 % bad rows imported by the
 * real service (the app's composition) into an embedded FerretDB on a throwaway folder. Printed:
 * rows/second and peak RSS of the import, and of a baseline measured in the same run — the same
 * file read and validated row by row with nothing written — with the ratio of the two.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { storedModels } from "./stored-models.ts";
import { assemble } from "../src/composition.ts";
import { loadConfig } from "../src/config.ts";
import { openInfrastructure } from "../src/infrastructure.ts";
import { startEmbeddedFerretDb } from "../src/platform/db/ferretdb.ts";
import { createLogger } from "../src/platform/logger.ts";
import { toolPath } from "../src/platform/tools.ts";
import { headingIndex } from "../src/products/import/import.columns.ts";
import { openFile, readSheetRows } from "../src/platform/spreadsheets/reader.ts";
import { cellsByColumn, checkProductRow, isBlankRow, mapHeadings } from "../src/products/import/import.rows.ts";
import { writeSampleXlsx } from "../src/products/import/import.sample.ts";

const { values } = parseArgs({ options: { rows: { type: "string", default: "10000" } } });
const rows = Number(values.rows);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** Runs `work` while sampling the RSS every 20 ms; the peak is relative to none (absolute RSS). */
async function measure<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakRss: number }> {
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
  const started = process.hrtime.bigint();
  try {
    const result = await work();
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    return { result, seconds: Number(process.hrtime.bigint() - started) / 1e9, peakRss };
  } finally {
    clearInterval(sampler);
  }
}

const logger = createLogger("warn");
const config = loadConfig({ ...process.env, NODE_ENV: "test", LOG_LEVEL: "warn", MONGODB_URI: "mongodb://placeholder/", SEARCH_FILE: ":memory:" });
const ferret = await startEmbeddedFerretDb({ binary: toolPath(config.toolsDir, "ferretdb"), storage: "temporary", logger });
const infrastructure = await openInfrastructure({ ...config, mongodb: { uri: ferret.uri, dbName: "bench_import" } }, logger);
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-import-"));
try {
  const { services } = await assemble(config, logger, infrastructure);
  const { translate } = services;
  // The category taxonomy (ca-phe, ho-tieu, hat-dieu, mat-ong, lua-gao…) is reference data, loaded by assemble().
  const models = storedModels(infrastructure.connection);
  const enterprise = await models.enterprises.create({
    slug: "htx-bench",
    name: { vi: "Hợp tác xã Bench", en: "" },
    taxCode: "5900000001",
    kind: "cooperative",
    status: "verified",
    verifiedAt: new Date(),
    address: { street: "1 Hùng Vương", commune: "Phường Pleiku" },
  });
  const { user } = await services.users.upsertUser({ email: "bench@example.vn", password: "Cà phê Pleiku sáng sớm", role: "user", name: "Bench" });
  await services.memberships.addOwner(enterprise._id.toString(), user.id);

  const file = path.join(workDir, "catalogue.xlsx");
  await writeSampleXlsx(file, translate, { rows, badEvery: 33 });
  console.log(`file: ${rows.toLocaleString("en-US")} rows, 3 % bad, ${mib(fs.statSync(file).size)} XLSX; ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}`);

  // Baseline: the same streaming read and validation, nothing written.
  const index = headingIndex(translate);
  const baseline = await measure(async () => {
    let headings: ReturnType<typeof mapHeadings> | null = null;
    let valid = 0;
    for await (const { cells } of readSheetRows(openFile(file), "xlsx")) {
      if (isBlankRow(cells)) continue;
      if (!headings) headings = mapHeadings(cells, index, "full");
      else if (checkProductRow(cellsByColumn(cells, headings)).ok) valid += 1;
    }
    return valid;
  });

  const ctx = { actor: { userId: user.id, email: user.email, kind: "user" as const }, ip: null, userAgent: "bench" };
  const run = async () => {
    const { jobId } = await services.imports.submit(ctx, { enterpriseId: enterprise._id.toString(), userId: user.id, fileName: "catalogue.xlsx", mode: "full", path: file });
    for (;;) {
      const job = await services.imports.job(enterprise._id.toString(), jobId);
      if (job.status === "done" || job.status === "failed") return job;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const first = await measure(run);
  const again = await measure(run);
  await services.imports.stop();

  const line = (label: string, m: { seconds: number; peakRss: number }) =>
    `${label.padEnd(34)} ${(rows / m.seconds).toFixed(0).padStart(6)} rows/s  ${m.seconds.toFixed(1).padStart(6)} s  peak RSS ${mib(m.peakRss)}`;
  console.log(line("baseline (read + validate only)", baseline));
  console.log(line(`import (${first.result.created} created, ${first.result.rejected} rejected)`, first));
  console.log(line(`re-import (${again.result.unchanged} unchanged)`, again));
  console.log(`import / baseline: ${(baseline.seconds / first.seconds).toFixed(2)}× the rows/s, ${(first.peakRss / baseline.peakRss).toFixed(2)}× the peak RSS`);
  if (first.result.status !== "done") throw new Error(`the import failed: ${JSON.stringify(first.result.failure)}`);
} finally {
  await infrastructure.close();
  await ferret.process.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
}
