import fs from "node:fs";
import path from "node:path";

/**
 * Pinned versions of the Go tools the embedded defaults and the tests run. `build` names what was
 * built (FerretDB carries a one-line fix, see scripts/setup-tools.ts); a tool built otherwise is rebuilt.
 */
export const TOOLS = {
  ferretdb: { module: "github.com/FerretDB/FerretDB", version: "v1.24.2", pkg: "./cmd/ferretdb", build: "v1.24.2+id-index" },
  "stripe-mock": { module: "github.com/stripe/stripe-mock", version: "v0.203.0", pkg: ".", build: "v0.203.0" },
} as const;

export type ToolName = keyof typeof TOOLS;

export function toolPath(toolsDir: string, name: ToolName): string {
  return path.join(toolsDir, "bin", name);
}

/** The file beside a tool's binary that names its build. */
export const buildStampPath = (toolsDir: string, name: ToolName) => `${toolPath(toolsDir, name)}.build`;

export function hasTool(toolsDir: string, name: ToolName): boolean {
  if (!fs.existsSync(toolPath(toolsDir, name))) return false;
  const stamp = buildStampPath(toolsDir, name);
  return fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8").trim() === TOOLS[name].build;
}
