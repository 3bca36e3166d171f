import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type Page } from "playwright-core";
import { findChromium } from "../../scripts/chromium.ts";
import { startTestApp, stopTestApp, type TestApp } from "./test-app.ts";

/** Debian's chromium, headless, with the flags this closed network needs. Undefined when none is installed. */
export async function launchBrowser(): Promise<Browser | undefined> {
  const executablePath = findChromium();
  if (!executablePath) return undefined;
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export type BrowserFixture = { browser: Browser; testApp: TestApp; baseUrl: string };

/**
 * For a browser suite: registers before/after hooks that launch chromium and serve a fresh test
 * app on a loopback port (skipping the suite, with the reason printed, when no chromium is installed).
 * `prepare` runs on the app before the server starts (fixtures, seed).
 */
export function useBrowserApp(prepare: (testApp: TestApp) => Promise<void> = async () => {}): BrowserFixture {
  const fixture = {} as BrowserFixture;
  let server: Server | undefined;
  before(async function () {
    const browser = await launchBrowser();
    if (!browser) {
      console.log("      (skipped: no chromium; `npm run setup:tools` installs Debian's package)");
      this.skip();
    }
    fixture.browser = browser!;
    fixture.testApp = await startTestApp();
    await prepare(fixture.testApp);
    server = fixture.testApp.app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server!.once("listening", resolve));
    fixture.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await fixture.browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await stopTestApp(fixture.testApp);
  });
  return fixture;
}

/**
 * Collects what a page reports as wrong: console errors, any Content-Security-Policy message, and
 * uncaught exceptions. Browser tests assert the list is empty at the end.
 */
export function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || /Content Security Policy/i.test(message.text())) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  return problems;
}
