import http from "node:http";
import https from "node:https";

/**
 * Meilisearch's answer to a request that failed (4xx/5xx), with its error `code`
 * (`index_not_found`, `api_key_already_exists`…). The client wraps what a custom transport throws,
 * so read it back with `meilisearchErrorCode`.
 */
export class MeilisearchHttpError extends Error {
  constructor(readonly status: number, readonly code: string | undefined, message: string) {
    super(message);
    this.name = "MeilisearchHttpError";
  }
}

/** The Meilisearch error code somewhere in an error's cause chain, if any. */
export function meilisearchErrorCode(error: unknown): string | undefined {
  for (let e = error as { cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e instanceof MeilisearchHttpError) return e.code;
  }
  return undefined;
}

export type MeilisearchTransport = {
  request: (input: string | URL | Request, init?: RequestInit) => Promise<unknown>;
  close: () => void;
};

/**
 * The client's transport over `node:http`/`node:https` with a keep-alive agent. Node 20's `fetch`
 * (undici, the client's default) costs ~40 ms a call to Meilisearch on this machine; this costs
 * about Meilisearch's own processing time plus a fraction of a millisecond (scripts/bench-meili-latency.ts).
 * Honours the client's per-request timeout (its AbortSignal); answers are parsed JSON, errors thrown.
 */
export function createMeilisearchTransport(host: string, options: { maxSockets?: number } = {}): MeilisearchTransport {
  const secure = new URL(host).protocol === "https:";
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 16, keepAliveMsecs: 10_000 };
  const agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  const send = secure ? https.request : http.request;

  function request(input: string | URL | Request, init: RequestInit = {}): Promise<unknown> {
    const url = input instanceof Request ? new URL(input.url) : new URL(String(input));
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const body = typeof init.body === "string" ? init.body : undefined;
    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
    return new Promise((resolve, reject) => {
      const req = send(url, { method: init.method ?? "GET", headers, agent, signal: init.signal ?? undefined }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown;
          try {
            parsed = text === "" ? undefined : JSON.parse(text);
          } catch {
            parsed = text;
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve(parsed);
          const answer = (parsed ?? {}) as { code?: string; message?: string };
          reject(new MeilisearchHttpError(status, answer.code, `Meilisearch ${status} ${answer.code ?? ""}: ${answer.message ?? text}`.trim()));
        });
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  return { request, close: () => agent.destroy() };
}
