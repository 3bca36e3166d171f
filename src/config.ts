import os from "node:os";
import path from "node:path";
import { z } from "zod";
import type { SearchSettings } from "./platform/search/index.ts";

/** Secrets that ship in `.env.example` and the defaults: fine on a laptop, refused in production. */
export const DEVELOPMENT_SECRETS = new Set([
  "dev-session-secret-change-me-0123456789abcdef",
  "sk_test_123",
  "whsec_dev",
]);

const booleanFromString = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((value) => ["true", "1", "yes"].includes(value));

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine(
      (value) => value === undefined || protocols.some((protocol) => value.startsWith(protocol)),
      { message: `must start with ${protocols.join(" or ")}` },
    );

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    HOST: z.string().min(1).default("0.0.0.0"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    BASE_URL: optionalUrl(["http://", "https://"]),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    DATA_DIR: z.string().min(1).default("data"),
    TOOLS_DIR: z.string().min(1).default("tools"),
    MONGODB_URI: optionalUrl(["mongodb://", "mongodb+srv://"]),
    MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, "letters, digits, - and _ only (at most 63)").default("gialai_exchange"),
    SEARCH_ENGINE: z.enum(["embedded", "meilisearch"]).optional(),
    SEARCH_FILE: z.string().min(1).optional(),
    // Worker threads answering the embedded engine's searches (0: on the event loop); default min(2, cores).
    SEARCH_WORKERS: z.coerce.number().int().min(0).max(16).optional(),
    MEILI_HOST: optionalUrl(["http://", "https://"]),
    MEILI_API_KEY: z.string().optional(),
    MEILI_MASTER_KEY: z.string().optional(),
    MEILI_INDEX_PREFIX: z.string().regex(/^[a-z0-9_-]*$/, "letters, digits, - and _ only").default(""),
    SESSION_SECRET: z
      .string()
      .min(32, "must be at least 32 characters")
      .default("dev-session-secret-change-me-0123456789abcdef"),
    STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_/, "must be a Stripe secret key (sk_…)").default("sk_test_123"),
    STRIPE_WEBHOOK_SECRET: z.string().min(1).default("whsec_dev"),
    STRIPE_API_BASE: optionalUrl(["http://", "https://"]),
    SEED_DEMO: booleanFromString.optional(),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(120),
    SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).default(12),
    SMTP_URL: optionalUrl(["smtp://", "smtps://"]),
    MAIL_FROM: z.string().min(3).default("Sàn giao dịch thương mại Gia Lai <no-reply@localhost>"),
    RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    RATE_LIMIT_SIGNIN_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
    RATE_LIMIT_SIGNIN_PER_IP: z.coerce.number().int().min(1).default(50),
    RATE_LIMIT_REGISTER_PER_IP: z.coerce.number().int().min(1).default(10),
    RATE_LIMIT_RESET_PER_ACCOUNT: z.coerce.number().int().min(1).default(3),
    RATE_LIMIT_TOKEN_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    TRUST_PROXY: z.string().default("false"),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    DECLARATION_REVIEW_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  })
  .superRefine((env, ctx) => {
    const engine = env.SEARCH_ENGINE ?? (env.MEILI_HOST ? "meilisearch" : "embedded");
    if (engine === "meilisearch" && !env.MEILI_HOST) {
      ctx.addIssue({ code: "custom", path: ["MEILI_HOST"], message: "is required when SEARCH_ENGINE=meilisearch" });
    }
    if (env.NODE_ENV !== "production") return;
    for (const name of ["SESSION_SECRET", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"] as const) {
      if (DEVELOPMENT_SECRETS.has(env[name])) {
        ctx.addIssue({ code: "custom", path: [name], message: "is a development default; set a real secret in production" });
      }
    }
    if (!env.MONGODB_URI) {
      ctx.addIssue({ code: "custom", path: ["MONGODB_URI"], message: "is required in production (a MongoDB replica set)" });
    }
    if (!env.SMTP_URL) {
      ctx.addIssue({ code: "custom", path: ["SMTP_URL"], message: "is required in production (password reset and invitation emails)" });
    }
    if (engine === "meilisearch" && !env.MEILI_API_KEY) {
      ctx.addIssue({ code: "custom", path: ["MEILI_API_KEY"], message: "is required in production with Meilisearch (the app's scoped key: npm run meili:key)" });
    }
    if (env.MEILI_API_KEY && env.MEILI_API_KEY === env.MEILI_MASTER_KEY) {
      ctx.addIssue({ code: "custom", path: ["MEILI_API_KEY"], message: "is the master key; give the app the scoped key from npm run meili:key" });
    }
  });

export type Config = Readonly<{
  env: "development" | "test" | "production";
  host: string;
  port: number;
  baseUrl: string;
  logLevel: string;
  dataDir: string;
  toolsDir: string;
  mongodb: { uri: string | undefined; dbName: string };
  search: SearchSettings;
  /** Meilisearch's master key, for setup tooling only (scripts/meili-key.ts creates the app's key with it); the app never sends it. */
  meilisearchMasterKey: string | undefined;
  sessionSecret: string;
  session: { idleMs: number; absoluteMs: number };
  mail: { smtpUrl: string | undefined; from: string };
  /** Working days the department has to review a submitted declaration (the receipt shows the due date). */
  declarations: { reviewWorkingDays: number };
  rateLimits: {
    windowMs: number;
    signInPerAccount: number;
    signInPerIp: number;
    registerPerIp: number;
    resetPerAccount: number;
    tokenPerMinute: number;
  };
  stripe: { secretKey: string; webhookSecret: string; apiBase: string | undefined };
  seedDemo: boolean;
  trustProxy: boolean | number | string;
  shutdownTimeoutMs: number;
}>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === "true" || value === "false") return value === "true";
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** Reads the environment once; throws a ConfigError naming every bad or missing variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  // An empty variable (`MONGODB_URI=` as in .env.example) means "unset".
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(source).filter(([, value]) => value !== "")));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`));
  }
  const env = parsed.data;
  const dataDir = path.resolve(cwd, env.DATA_DIR);
  const engine = env.SEARCH_ENGINE ?? (env.MEILI_HOST ? "meilisearch" : "embedded");
  return Object.freeze({
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    baseUrl: env.BASE_URL ?? `http://localhost:${env.PORT}`,
    logLevel: env.LOG_LEVEL,
    dataDir,
    toolsDir: path.resolve(cwd, env.TOOLS_DIR),
    mongodb: { uri: env.MONGODB_URI, dbName: env.MONGODB_DB },
    search:
      engine === "meilisearch"
        ? { engine, host: env.MEILI_HOST!, apiKey: env.MEILI_API_KEY, indexPrefix: env.MEILI_INDEX_PREFIX }
        : {
            engine,
            file: env.SEARCH_FILE === ":memory:" ? ":memory:" : path.resolve(cwd, env.SEARCH_FILE ?? path.join(dataDir, "search.sqlite")),
            workers: env.SEARCH_FILE === ":memory:" ? 0 : (env.SEARCH_WORKERS ?? Math.min(2, os.availableParallelism())),
          },
    meilisearchMasterKey: env.MEILI_MASTER_KEY,
    sessionSecret: env.SESSION_SECRET,
    session: { idleMs: env.SESSION_IDLE_MINUTES * 60_000, absoluteMs: env.SESSION_ABSOLUTE_HOURS * 3_600_000 },
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM },
    declarations: { reviewWorkingDays: env.DECLARATION_REVIEW_WORKING_DAYS },
    rateLimits: {
      windowMs: env.RATE_LIMIT_WINDOW_SECONDS * 1000,
      signInPerAccount: env.RATE_LIMIT_SIGNIN_PER_ACCOUNT,
      signInPerIp: env.RATE_LIMIT_SIGNIN_PER_IP,
      registerPerIp: env.RATE_LIMIT_REGISTER_PER_IP,
      resetPerAccount: env.RATE_LIMIT_RESET_PER_ACCOUNT,
      tokenPerMinute: env.RATE_LIMIT_TOKEN_PER_MINUTE,
    },
    stripe: { secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, apiBase: env.STRIPE_API_BASE },
    seedDemo: env.SEED_DEMO ?? env.NODE_ENV !== "production",
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  });
}
