import path from "node:path";
import type { Express } from "express";
import { create } from "express-handlebars";
import { viewHelpers } from "./view-helpers.ts";

/** Handlebars over `views/` (layouts/, partials/, one folder per area), `.hbs` files. */
export function useViewEngine(app: Express, viewsDir: string, { cache }: { cache: boolean }): void {
  const engine = create({
    extname: ".hbs",
    defaultLayout: "main",
    layoutsDir: path.join(viewsDir, "layouts"),
    partialsDir: path.join(viewsDir, "partials"),
    helpers: viewHelpers,
  });
  // express-handlebars loads the partials before its try/catch: a failure there rejects the returned
  // promise instead of calling back, which would leave the request hanging and the rejection unhandled.
  app.engine(".hbs", (file, options, callback) => {
    engine.renderView(file, options as Parameters<typeof engine.renderView>[1], callback).catch(callback);
  });
  app.set("view engine", ".hbs");
  app.set("views", viewsDir);
  app.set("view cache", cache);
}
