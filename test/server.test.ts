import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runScript, waitForOutput } from "./support/processes.ts";
import { TOOLS_DIR } from "./support/harness.ts";

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("the server process", () => {
  it("when PORT and MONGODB_URI are bad, then it refuses to start and names both", async () => {
    const { finished } = runScript("src/server.ts", [], { PORT: "abc", MONGODB_URI: "localhost:27017" });
    const { code, stderr } = await finished;
    assert.equal(code, 1);
    assert.match(stderr, /PORT: /);
    assert.match(stderr, /MONGODB_URI: must start with mongodb:\/\//);
  });

  it("when started on its embedded defaults and sent SIGTERM, then it serves the seeded home page, stops cleanly and leaves no FerretDB behind", async function () {
    this.timeout(120_000);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "exchange-server-"));
    try {
      const server = runScript("src/server.ts", [], {
        PORT: "0",
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        TOOLS_DIR,
        LOG_LEVEL: "info",
      });
      const [, port] = await waitForOutput(server.output, /listening on http:\/\/localhost:(\d+)/);
      const ferretPid = JSON.parse(fs.readFileSync(path.join(dataDir, "ferretdb", "state", "ferretdb.pid"), "utf8")).pid;
      assert.ok(isRunning(ferretPid));

      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      assert.deepEqual(await health.json(), { status: "ok", db: "ok", search: "ok", searchLag: 0 });
      const home = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      assert.match(home, /OCOP/, "the demo catalogue was seeded on the first start");
      const search = await (await fetch(`http://127.0.0.1:${port}/api/v1/search/products?q=ca%20phe`)).json();
      assert.ok(search.total > 0, "the demo catalogue is searchable on the first start");

      server.child.kill("SIGTERM");
      const { code } = await server.finished;
      assert.equal(code, 0);
      assert.equal(isRunning(ferretPid), false, "FerretDB stopped with the server");
      assert.equal(fs.existsSync(path.join(dataDir, "ferretdb", "state", "ferretdb.pid")), false);
      assert.match(server.output(), /"msg":"stopped"/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
