import assert from "node:assert/strict";
import type { SessionAgent } from "../support/auth.ts";
import { declarationParties, validDeclaration } from "../support/declarations.ts";
import type { TestApp } from "../support/test-app.ts";

type DeclarationInput = { period: string; direction: string; contact: Record<string, string>; lines: Record<string, string | number>[] };

/** A declaration as the web form posts it: flat bracketed field names, plus the enterprise, the button and the revision. */
export function formFields(input: DeclarationInput, extra: { dn?: string; action?: string; revision?: number } = {}): Record<string, string> {
  const fields: Record<string, string> = { period: input.period, direction: input.direction };
  for (const [key, value] of Object.entries(input.contact)) fields[`contact[${key}]`] = value;
  input.lines.forEach((line, index) => {
    for (const [key, value] of Object.entries(line)) fields[`lines[${index}][${key}]`] = String(value);
  });
  if (extra.dn) fields.dn = extra.dn;
  if (extra.revision !== undefined) fields.revision = String(extra.revision);
  fields.action = extra.action ?? "save";
  return fields;
}

export const idFromLocation = (location: string | undefined) => {
  const match = /^\/to-khai\/([a-f\d]{24})/.exec(location ?? "");
  assert.ok(match, `a declaration address, got ${location}`);
  return match[1]!;
};

/** Files a complete declaration through the form (save and submit in one press); returns its id. */
export async function submittedThroughForm(owner: SessionAgent, slug: string, input: DeclarationInput = validDeclaration()): Promise<string> {
  const res = await owner.post("/to-khai/moi", formFields(input, { dn: slug, action: "submit" }), `/to-khai/moi?dn=${slug}`);
  assert.equal(res.status, 303, res.text.slice(0, 500));
  assert.match(res.headers.location ?? "", /\?ok=submitted$/);
  return idFromLocation(res.headers.location);
}

/** Two enterprises' owners (A files, B must see nothing of it) and a moderator. */
export async function twoEnterprises(t: TestApp) {
  const a = await declarationParties(t);
  const b = await declarationParties(t);
  return { ...a, other: b.owner, otherEnterprise: b.enterprise };
}
