import assert from "node:assert/strict";
import argon2 from "argon2";
import { runScript } from "../support/processes.ts";
import { startTestApp, stopTestApp, testEnv, type TestApp } from "../support/test-app.ts";

describe("admin CLI: npm run user:create", () => {
  let testApp: TestApp | undefined;
  let env: Record<string, string>;
  before(async () => {
    env = testEnv();
    testApp = await startTestApp({ MONGODB_DB: env.MONGODB_DB! });
  });
  after(() => stopTestApp(testApp));

  const userCreate = (...args: string[]) => runScript("scripts/user-create.ts", args, env).finished;

  it("when an administrator is created, then the account is stored with a normalised email and an argon2id hash", async () => {
    const { code, stdout } = await userCreate("--email", " Admin@SoCongThuong.GiaLai.gov.vn ", "--password", "Quan-tri-2026!", "--role", "admin", "--name", "Nguyễn Văn An");
    assert.equal(code, 0);
    assert.match(stdout, /Created admin admin@socongthuong\.gialai\.gov\.vn/);
    const user = await testApp!.models.users.findOne({ email: "admin@socongthuong.gialai.gov.vn" }).lean();
    assert.equal(user?.role, "admin");
    assert.equal(user?.name, "Nguyễn Văn An");
    const [, algorithm, , parameters] = user.passwordHash.split("$");
    assert.equal(algorithm, "argon2id");
    assert.deepEqual(parameters!.split(",").sort(), ["m=19456", "p=1", "t=2"]);
    assert.equal(await argon2.verify(user.passwordHash, "Quan-tri-2026!"), true);
  });

  it("when the same address is given again, then the account is updated, not duplicated", async () => {
    await userCreate("--email", "kiemduyet@example.vn", "--password", "mat-khau-dai-1", "--role", "user");
    const { code, stdout } = await userCreate("--email", "KIEMDUYET@example.vn", "--password", "mat-khau-moi-2", "--role", "moderator");
    assert.equal(code, 0);
    assert.match(stdout, /Updated moderator/);
    const users = await testApp!.models.users.find({ email: "kiemduyet@example.vn" }).lean();
    assert.equal(users.length, 1);
    assert.equal(users[0]!.role, "moderator");
    assert.equal(await argon2.verify(users[0]!.passwordHash, "mat-khau-moi-2"), true);
  });

  it("when the role or password is not valid, then it exits 1 saying which, and writes nothing", async () => {
    const { code, stderr } = await userCreate("--email", "x@example.vn", "--password", "short", "--role", "king");
    assert.equal(code, 1);
    assert.match(stderr, /password: Mật khẩu phải có ít nhất 8 ký tự/);
    assert.match(stderr, /role: Vai trò phải là user, moderator hoặc admin/);
    assert.equal(await testApp!.models.users.countDocuments({ email: "x@example.vn" }), 0);
  });

  it("when --email is missing, then it prints the usage", async () => {
    const { code, stderr } = await userCreate("--password", "whatever-123");
    assert.equal(code, 1);
    assert.match(stderr, /Usage: npm run user:create/);
  });
});
