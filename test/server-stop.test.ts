import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runNpm, runScript, waitForOutput } from "./support/processes.ts";
import { TOOLS_DIR } from "./support/harness.ts";

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

describe("stopping the server", function () {
  this.timeout(30_000);
  let dataDir: string;
  let ferretPid = 0;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "exchange-stop-"));
    ferretPid = 0;
  });
  afterEach(() => {
    // A failed test must not leave its FerretDB running for the rest of the run.
    if (ferretPid && isRunning(ferretPid)) process.kill(ferretPid, "SIGKILL");
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const env = () => ({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, TOOLS_DIR, SEED_DEMO: "false", LOG_LEVEL: "info" });
  const readFerretPid = (): number =>
    JSON.parse(fs.readFileSync(path.join(dataDir, "ferretdb", "state", "ferretdb.pid"), "utf8")).pid;
  const listening = /listening on http:\/\/localhost:(\d+)/;

  it("when `npm start`'s whole process group gets SIGTERM (npm forwards a second one), then it stops cleanly and FerretDB with it", async () => {
    const server = runNpm("start", env());
    try {
      await waitForOutput(server.output, listening, 25_000);
      ferretPid = readFerretPid();
      assert.ok(isRunning(ferretPid));

      process.kill(-server.child.pid!, "SIGTERM");
      const { code } = await server.finished;
      assert.equal(code, 0, server.output());
      assert.match(server.output(), /"msg":"stopped"/);
      assert.equal(isRunning(ferretPid), false, "FerretDB stopped with the server");
    } finally {
      if (server.child.exitCode === null) process.kill(-server.child.pid!, "SIGKILL");
    }
  });

  it("when SIGTERM and SIGINT arrive together, then one starts the stop, the other is ignored, and FerretDB is stopped", async () => {
    const server = runScript("src/server.ts", [], env());
    await waitForOutput(server.output, listening, 25_000);
    ferretPid = readFerretPid();

    // Both are pending before node runs a handler; Linux then delivers the lower-numbered SIGINT first.
    server.child.kill("SIGTERM");
    server.child.kill("SIGINT");
    const { code } = await server.finished;
    assert.equal(code, 0, server.output());
    const first = server.output().match(/"signal":"(SIG\w+)","msg":"shutting down"/);
    const second = server.output().match(/"signal":"(SIG\w+)","msg":"already shutting down; signal ignored"/);
    assert.ok(first && second, server.output());
    assert.deepEqual([first[1], second[1]].sort(), ["SIGINT", "SIGTERM"]);
    assert.match(server.output(), /"msg":"stopped"/);
    assert.equal(isRunning(ferretPid), false, "FerretDB stopped with the server");
    assert.equal(fs.existsSync(path.join(dataDir, "ferretdb", "state", "ferretdb.pid")), false);
  });

  it("when the server is killed with SIGKILL, then its FerretDB exits on its own within seconds", async () => {
    const server = runScript("src/server.ts", [], env());
    await waitForOutput(server.output, listening, 25_000);
    ferretPid = readFerretPid();

    server.child.kill("SIGKILL");
    const { signal } = await server.finished;
    assert.equal(signal, "SIGKILL");
    assert.ok(await waitUntilGone(ferretPid, 5_000), "FerretDB outlived its parent by more than 5 s");
  });

  it("when the orderly stop outlasts its deadline, then FerretDB is stopped anyway and the process exits 1", async () => {
    const hanging = runScript("test/fixtures/processes/hanging-stop.ts", [], { TOOLS_DIR, DEADLINE_MS: "500" });
    const [, pid] = await waitForOutput(hanging.output, /"ferretPid":(\d+),"msg":"ready"/, 15_000);
    ferretPid = Number(pid);

    hanging.child.kill("SIGTERM");
    const { code } = await hanging.finished;
    assert.equal(code, 1, hanging.output());
    assert.match(hanging.output(), /shutdown passed its deadline: stopping the helpers and exiting/);
    assert.equal(isRunning(ferretPid), false, "FerretDB stopped by the last resort");
  });
});
