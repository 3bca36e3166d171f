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
  app.engine(".hbs", engine.engine);
  app.set("view engine", ".hbs");
  app.set("views", viewsDir);
  app.set("view cache", cache);
}
