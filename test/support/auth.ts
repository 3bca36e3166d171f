import assert from "node:assert/strict";
import type { Express } from "express";
import request from "supertest";

type Agent = ReturnType<typeof request.agent>;

/** Reads the CSRF token a page's forms carry. */
export function csrfTokenIn(html: string): string {
  const match = html.match(/name="_csrf" value="([^"]+)"/);
  assert.ok(match, "the page carries a CSRF token");
  return match[1]!;
}

/**
 * A browser-like client: keeps its cookies, and for each POST first loads a page of the session
 * (`tokenFrom`) to read the CSRF token, as a browser submitting a form would have it.
 */
export class SessionAgent {
  readonly agent: Agent;
  constructor(readonly app: Express) {
    this.agent = request.agent(app);
  }

  get(path: string) {
    return this.agent.get(path);
  }

  async csrfToken(tokenFrom = "/dang-nhap"): Promise<string> {
    const page = await this.agent.get(tokenFrom);
    return csrfTokenIn(page.text);
  }

  async post(path: string, form: Record<string, string> = {}, tokenFrom = "/tai-khoan") {
    const token = await this.csrfToken(tokenFrom);
    return this.agent.post(path).type("form").send({ ...form, _csrf: token });
  }

  /** The session cookie's value (to compare ids across sign-in). */
  async sessionCookie(): Promise<string | undefined> {
    const cookies = this.agent.jar.getCookies({ domain: "127.0.0.1", path: "/", secure: false, script: false });
    return cookies.find((cookie) => cookie.name === "sid")?.value;
  }
}

/** Signs in through the real form; fails the test if the sign-in does not succeed. */
export async function signIn(app: Express, email: string, password: string): Promise<SessionAgent> {
  const client = new SessionAgent(app);
  const res = await client.post("/dang-nhap", { email, password }, "/dang-nhap");
  assert.equal(res.status, 303, `sign-in of ${email} failed: ${res.status}`);
  return client;
}

/** Registers through the real form and stays signed in. */
export async function register(app: Express, fields: { name: string; email: string; password: string }): Promise<SessionAgent> {
  const client = new SessionAgent(app);
  const res = await client.post("/dang-ky", { ...fields, passwordConfirm: fields.password }, "/dang-ky");
  assert.equal(res.status, 303, `registration of ${fields.email} failed: ${res.status} ${res.text.slice(0, 200)}`);
  return client;
}
