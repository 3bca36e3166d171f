import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import i18next, { type i18n as I18n } from "i18next";
import { LanguageDetector, handle } from "i18next-http-middleware";
import type { Request, RequestHandler } from "express";

export const LANGUAGES = ["vi", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "vi";
export const LANGUAGE_COOKIE = "lang";

const localesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "locales");

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** A message in a given language (for mail, files and API answers made outside a request's `req.t`). */
export type Translate = (language: Language, key: string, values?: Record<string, unknown>) => string;

/** A message in the page's language already chosen (a request's `req.t`). */
export type PageTranslate = (key: string, values?: Record<string, unknown>) => string;

/** The language of this request's pages: English when asked for, Vietnamese otherwise. */
export const langOf = (req: Request): Language => (req.language === "en" ? "en" : "vi");

type Messages = { [key: string]: string | Messages };

function deepMerge(target: Messages, source: Messages): Messages {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    target[key] = typeof value === "object" && typeof existing === "object" ? deepMerge(existing, value) : value;
  }
  return target;
}

/** A language's messages: `vi.json` plus each area's `vi.<area>.json`, merged. */
function loadMessages(lang: Language): Messages {
  const files = fs.readdirSync(localesDir).filter((file) => file === `${lang}.json` || (file.startsWith(`${lang}.`) && file.endsWith(".json")));
  return files.sort().reduce<Messages>((messages, file) => deepMerge(messages, JSON.parse(fs.readFileSync(path.join(localesDir, file), "utf8"))), {});
}

/** One i18next instance with both languages loaded from `locales/` (synchronously, once). */
export async function createI18n(): Promise<I18n> {
  const resources = Object.fromEntries(LANGUAGES.map((lang) => [lang, { translation: loadMessages(lang) }]));
  const instance = i18next.createInstance();
  await instance.use(LanguageDetector).init({
    resources,
    supportedLngs: [...LANGUAGES],
    fallbackLng: DEFAULT_LANGUAGE,
    initAsync: false,
    // Handlebars escapes what the `t` helper returns; escaping here too would double it.
    interpolation: { escapeValue: false },
    detection: {
      // Vietnamese unless the visitor asked otherwise: `?lang=` then the remembered cookie.
      order: ["querystring", "cookie"],
      lookupQuerystring: "lang",
      lookupCookie: LANGUAGE_COOKIE,
      caches: false,
    },
  });
  return instance;
}

/**
 * Detects the language per request (req.t, req.language, res.locals.t) and remembers an
 * explicit `?lang=` choice in a year-long cookie.
 */
export function i18nMiddleware(i18n: I18n, { secureCookies }: { secureCookies: boolean }): RequestHandler[] {
  const rememberChoice: RequestHandler = (req, res, next) => {
    const requested = req.query.lang;
    if (isLanguage(requested) && req.cookies?.[LANGUAGE_COOKIE] !== requested) {
      res.cookie(LANGUAGE_COOKIE, requested, {
        maxAge: 365 * 24 * 3600 * 1000,
        sameSite: "lax",
        httpOnly: true,
        secure: secureCookies,
      });
    }
    next();
  };
  return [handle(i18n) as RequestHandler, rememberChoice];
}
