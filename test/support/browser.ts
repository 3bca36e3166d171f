import { chromium, type Browser } from "playwright-core";
import { findChromium } from "../../scripts/chromium.ts";

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
