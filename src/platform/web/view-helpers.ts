import type { HelperOptions } from "handlebars";

type Root = { t?: (key: string, options?: object) => string; lang?: string; currentUrl?: string };

const root = (options: HelperOptions): Root => (options.data?.root ?? {}) as Root;
const locale = (options: HelperOptions) => (root(options).lang === "en" ? "en-US" : "vi-VN");

/** Handlebars helpers every view may use. Output is escaped by Handlebars. */
export const viewHelpers = {
  t(key: string, options: HelperOptions): string {
    const translate = root(options).t;
    return translate ? translate(key, options.hash) : key;
  },
  eq: (a: unknown, b: unknown) => a === b,
  formatNumber(value: number, options: HelperOptions): string {
    return typeof value === "number" ? new Intl.NumberFormat(locale(options)).format(value) : "";
  },
  /** Integer đồng → "120.000 ₫" (VND has no minor unit). */
  formatVnd(value: number): string {
    return typeof value === "number" ? `${new Intl.NumberFormat("vi-VN").format(value)} ₫` : "";
  },
  /** The current address with `lang` set, for the language switch. */
  langUrl(lang: string, options: HelperOptions): string {
    const url = new URL(root(options).currentUrl ?? "/", "http://localhost");
    url.searchParams.set("lang", lang);
    return `${url.pathname}${url.search}`;
  },
  year: () => new Date().getFullYear(),
};
