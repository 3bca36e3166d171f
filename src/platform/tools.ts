import fs from "node:fs";
import path from "node:path";

/** Pinned versions of the Go tools the embedded defaults and the tests run. */
export const TOOLS = {
  ferretdb: { module: "github.com/FerretDB/FerretDB", version: "v1.24.2", pkg: "./cmd/ferretdb" },
  "stripe-mock": { module: "github.com/stripe/stripe-mock", version: "v0.203.0", pkg: "." },
} as const;

export type ToolName = keyof typeof TOOLS;

export function toolPath(toolsDir: string, name: ToolName): string {
  return path.join(toolsDir, "bin", name);
}

export function hasTool(toolsDir: string, name: ToolName): boolean {
  return fs.existsSync(toolPath(toolsDir, name));
}
