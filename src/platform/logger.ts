import { pino, type Logger } from "pino";

export type { Logger };

/** Structured JSON logs; `pino-pretty` can be piped in development (`npm run dev`). */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: "gialai-exchange" },
    redact: { paths: ["req.headers.cookie", "req.headers.authorization", "*.password"], remove: true },
  });
}
