import { Router } from "express";
import { BadRequestError, NotFoundError } from "../../platform/errors.ts";
import type { Nomenclature } from "./nomenclature.service.ts";

/**
 * GET /api/v1/hs/:code — public, read-only: what the loaded nomenclature says about an HS code of
 * 2–8 digits (dots and spaces allowed: "0901.11.10"). 404 when it names no such chapter or heading
 * (or no nomenclature is loaded); the declaration form shows the heading's description as people type.
 */
export function hsRouter({ nomenclature }: { nomenclature: Nomenclature }): Router {
  const router = Router();

  router.get("/api/v1/hs/:code", async (req, res) => {
    const code = String(req.params.code).replace(/[.\s]/g, "");
    if (!/^\d{2,8}$/.test(code)) throw new BadRequestError("nomenclature.errors.lookupFormat", { parameter: "code" });
    const found = (await nomenclature.lookup([code])).get(code);
    if (!found?.chapter || (code.length >= 4 && !found.heading)) throw new NotFoundError("nomenclature.errors.unknownCode", { hsCode: code });
    res.set("Cache-Control", "public, max-age=300").json({ code, ...found });
  });

  return router;
}
