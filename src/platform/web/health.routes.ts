import { Router } from "express";

export type HealthCheck = () => Promise<unknown>;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * GET /healthz — `{"status":"ok","db":"ok","search":"ok","searchLag":0}`, or 503 with the failing
 * part marked "down" and its reason under `errors`. A check that resolves to a number reports it
 * (the index lag: changes not yet indexed).
 */
export function healthRouter(checks: Record<string, HealthCheck>, timeoutMs = 3_000): Router {
  const router = Router();
  router.get("/healthz", async (_req, res) => {
    const names = Object.keys(checks);
    const outcomes = await Promise.allSettled(names.map((name) => withTimeout(checks[name]!(), timeoutMs)));
    const body: Record<string, unknown> = { status: "ok" };
    const errors: Record<string, string> = {};
    outcomes.forEach((outcome, i) => {
      const name = names[i]!;
      body[name] = outcome.status === "fulfilled" ? (typeof outcome.value === "number" ? outcome.value : "ok") : "down";
      if (outcome.status === "rejected") errors[name] = String((outcome.reason as Error)?.message ?? outcome.reason);
    });
    if (Object.keys(errors).length > 0) {
      body.status = "down";
      body.errors = errors;
    }
    res.status(body.status === "ok" ? 200 : 503).set("Cache-Control", "no-store").json(body);
  });
  return router;
}
