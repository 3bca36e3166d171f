/**
 * npm run bench:write-guard [-- --rows 10000 --clients 4 --rounds 2]
 * What FerretDB's write guard (src/platform/db/serial-updates.ts) costs a user: the latency of a
 * sign-in (POST /dang-nhap with its CSRF token, through HTTP, against the real app) while a
 * spreadsheet import of `rows` products runs in the same process. Measured twice in one run, on one
 * embedded FerretDB, each time on a fresh database and app: first with the old guard (every update
 * of the process in one queue, "global"), then with the current one (turns per collection and
 * document); `rounds` times, alternating, the latencies of each guard pooled. `clients` browsers sign
 * in one after another each, side by side. Printed: p50/p99 of each, idle and during the import, and
 * current / old.
 */
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import request from "supertest";
import { assemble } from "../src/composition.ts";
import { loadConfig } from "../src/config.ts";
import { openInfrastructure } from "../src/infrastructure.ts";
import { startEmbeddedFerretDb } from "../src/platform/db/ferretdb.ts";
import type { UpdateTurnsMode } from "../src/platform/db/update-turns.ts";
import { createLogger } from "../src/platform/logger.ts";
import { toolPath } from "../src/platform/tools.ts";
import { writeSampleXlsx } from "../src/products/import/import.sample.ts";
import { storedModels } from "./stored-models.ts";

const { values } = parseArgs({ options: {
    rows: { type: "string", default: "10000" },
    idle: { type: "string", default: "30" },
    clients: { type: "string", default: "4" },
    rounds: { type: "string", default: "2" },
  }, });
const rows = Number(values.rows);
const idleSignIns = Number(values.idle);
const clients = Number(values.clients);
const rounds = Number(values.rounds);
const EMAIL = "bench@example.vn";
const PASSWORD = "Cà phê Pleiku sáng sớm";

const logger = createLogger("warn");
const config = loadConfig({
  ...process.env,
  NODE_ENV: "test",
  LOG_LEVEL: "warn",
  MONGODB_URI: "mongodb://placeholder/",
  SEARCH_FILE: ":memory:",
  // Thousands of sign-ins from one address: the limiters still count every one, they never refuse.
  RATE_LIMIT_SIGNIN_PER_IP: "1000000",
  RATE_LIMIT_SIGNIN_PER_ACCOUNT: "1000000",
});

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
type Figures = { count: number; p50: number; p99: number };
const figures = (latencies: number[]): Figures => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
};

/** One sign-in as a browser does it: the form (its CSRF token), then the timed POST. */
async function signIn(base: string): Promise<number> {
  const agent = request.agent(base);
  const page = await agent.get("/dang-nhap");
  const token = page.text.match(/name="_csrf" value="([^"]+)"/)?.[1];
  if (!token) throw new Error(`no CSRF token on /dang-nhap (${page.status})`);
  const started = process.hrtime.bigint();
  const res = await agent.post("/dang-nhap").type("form").send({ email: EMAIL, password: PASSWORD, _csrf: token });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
  return ms;
}

async function measure(uri: string, mode: UpdateTurnsMode, file: string, round: number) {
  const dbName = `bench_guard_${mode.replace("-", "_")}_${round}`;
  const infrastructure = await openInfrastructure({ ...config, mongodb: { uri, dbName } }, logger, { updateTurns: mode });
  const { app, services } = await assemble(config, logger, infrastructure);
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    // The category taxonomy is reference data (loaded by assemble()); the enterprise is written directly.
    const models = storedModels(infrastructure.connection);
    // The same file for both runs, written by the first.
    if (!fs.existsSync(file)) await writeSampleXlsx(file, services.translate, { rows, badEvery: 33 });
    const enterprise = await models.enterprises.create({
      slug: "htx-bench",
      name: { vi: "Hợp tác xã Bench", en: "" },
      taxCode: "5900000001",
      kind: "cooperative",
      status: "verified",
      verifiedAt: new Date(),
      address: { street: "1 Hùng Vương", commune: "Phường Pleiku" },
    });
    const { user } = await services.users.upsertUser({ email: EMAIL, password: PASSWORD, role: "user", name: "Bench" });
    await services.memberships.addOwner(enterprise._id.toString(), user.id);

    const idle: number[] = [];
    for (let i = 0; i < idleSignIns; i += 1) idle.push(await signIn(base));

    const ctx = { actor: { userId: user.id, email: user.email, kind: "user" as const }, ip: null, userAgent: "bench" };
    const started = Date.now();
    const { jobId } = await services.imports.submit(ctx, { enterpriseId: enterprise._id.toString(), userId: user.id, fileName: "catalogue.xlsx", mode: "full", path: file });
    let finished = false;
    const importDone = (async () => {
      for (;;) {
        const job = await services.imports.job(enterprise._id.toString(), jobId);
        if (job.status === "done" || job.status === "failed") return job;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })().finally(() => (finished = true));
    const during: number[] = [];
    await Promise.all(Array.from({ length: clients }, async () => {
      while (!finished) during.push(await signIn(base));
    }));
    const job = await importDone;
    // A successful sign-in gives its attempt back to the limiter after the response: let it land before closing.
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (job.status !== "done") throw new Error(`the import failed: ${JSON.stringify(job.failure)}`);
    await services.imports.stop();
    return { idle, during, importSeconds: (Date.now() - started) / 1000, created: job.created };
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await infrastructure.connection.dropDatabase();
    await infrastructure.close();
  }
}

const ferret = await startEmbeddedFerretDb({ binary: toolPath(config.toolsDir, "ferretdb"), storage: "temporary", logger });
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-write-guard-"));
try {
  const file = path.join(workDir, "catalogue.xlsx");
  console.log(`import: ${rows.toLocaleString("en-US")} rows; ${clients} clients signing in during it; ${rounds} rounds; ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}`);
  const pooled = { global: { idle: [] as number[], during: [] as number[], seconds: 0, created: 0 }, "per-document": { idle: [] as number[], during: [] as number[], seconds: 0, created: 0 } };
  for (let round = 0; round < rounds; round += 1) {
    for (const mode of ["global", "per-document"] as const) {
      const run = await measure(ferret.uri, mode, file, round);
      pooled[mode].idle.push(...run.idle);
      pooled[mode].during.push(...run.during);
      pooled[mode].seconds += run.importSeconds / rounds;
      pooled[mode].created = run.created;
    }
  }
  const summary = (mode: UpdateTurnsMode) => ({ mode, idle: figures(pooled[mode].idle), during: figures(pooled[mode].during), importSeconds: pooled[mode].seconds, created: pooled[mode].created });
  const old = summary("global");
  const current = summary("per-document");
  const ms = (value: number) => `${value.toFixed(0).padStart(5)} ms`;
  for (const run of [old, current]) {
    const label = run.mode === "global" ? "old guard (one queue)" : "per collection/document";
    console.log(
      `${label.padEnd(24)} idle p50 ${ms(run.idle.p50)} p99 ${ms(run.idle.p99)} | during import (${String(run.during.count).padStart(4)} sign-ins) p50 ${ms(run.during.p50)} p99 ${ms(run.during.p99)} | import ${run.importSeconds.toFixed(1)} s (mean), ${run.created} created`,
    );
  }
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  console.log(
    `per collection/document / old, during the import: p50 ${ratio(current.during.p50, old.during.p50)}, p99 ${ratio(current.during.p99, old.during.p99)}; import time ${ratio(current.importSeconds, old.importSeconds)}`,
  );
} finally {
  await ferret.process.stop();
  fs.rmSync(workDir, { recursive: true, force: true });
}
