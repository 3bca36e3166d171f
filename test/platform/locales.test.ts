import assert from "node:assert/strict";
import { createI18n } from "../../src/platform/i18n/i18n.ts";

type Messages = { [key: string]: string | Messages };

function keysOf(messages: Messages, prefix = ""): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`),
  );
}

describe("translations", () => {
  it("when both languages are loaded, then every message exists in Vietnamese and in English", async () => {
    const i18n = await createI18n();
    const vi = keysOf(i18n.getResourceBundle("vi", "translation") as Messages).sort();
    const en = keysOf(i18n.getResourceBundle("en", "translation") as Messages).sort();
    assert.deepEqual(vi.filter((key) => !en.includes(key)), [], "missing in English");
    assert.deepEqual(en.filter((key) => !vi.includes(key)), [], "missing in Vietnamese");
    assert.ok(vi.length > 100);
  });
});
