import assert from "node:assert/strict";
import { SessionAgent } from "../support/auth.ts";
import { startTestApp, stopTestApp, type TestApp } from "../support/test-app.ts";

const PASSWORD = "Sầu riêng Ia Grai chín cây";

describe("rate limits on sign-in and password reset", () => {
  let testApp: TestApp;
  before(async () => {
    testApp = await startTestApp({
      RATE_LIMIT_WINDOW_SECONDS: "2",
      RATE_LIMIT_SIGNIN_PER_ACCOUNT: "3",
      RATE_LIMIT_RESET_PER_ACCOUNT: "2",
    });
    await testApp.services.users.upsertUser({ email: "gioihan@example.vn", password: PASSWORD, role: "user" });
  });
  after(() => stopTestApp(testApp));

  const signInAttempt = (client: SessionAgent, password: string) =>
    client.post("/dang-nhap", { email: "gioihan@example.vn", password }, "/dang-nhap");

  it("when an account fails sign-in more than allowed, then it gets 429 with the wait, even with the right password, until the window ends", async () => {
    const client = new SessionAgent(testApp.app);
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      assert.equal((await signInAttempt(client, "wrong password")).status, 401, `attempt ${attempt}`);
    }
    const blocked = await signInAttempt(client, PASSWORD);
    assert.equal(blocked.status, 429);
    assert.match(blocked.text, /Vui lòng thử lại sau \d+ giây/);
    assert.ok(blocked.headers["retry-after"]);

    await new Promise((resolve) => setTimeout(resolve, 2_100));
    assert.equal((await signInAttempt(client, PASSWORD)).status, 303, "the window has passed");
  });

  it("when another address signs in from the same place meanwhile, then it is not blocked by the first account's failures", async () => {
    await testApp.services.users.upsertUser({ email: "khac@example.vn", password: PASSWORD, role: "user" });
    const client = new SessionAgent(testApp.app);
    for (let attempt = 1; attempt <= 4; attempt += 1) await signInAttempt(client, "wrong password");
    const other = await client.post("/dang-nhap", { email: "khac@example.vn", password: PASSWORD }, "/dang-nhap");
    assert.equal(other.status, 303);
  });

  it("when password resets are asked for one address too often, then the page answers 429 with the wait", async () => {
    const client = new SessionAgent(testApp.app);
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      assert.equal((await client.post("/quen-mat-khau", { email: "gioihan@example.vn" }, "/quen-mat-khau")).status, 200);
    }
    const blocked = await client.post("/quen-mat-khau", { email: "gioihan@example.vn" }, "/quen-mat-khau");
    assert.equal(blocked.status, 429);
    assert.match(blocked.text, /Quá nhiều yêu cầu/);
    assert.match(blocked.text, /thử lại sau \d+ giây/);
  });
});
