import { Router, type NextFunction, type Request, type Response } from "express";
import { currentUser, requireAuth } from "../accounts/index.ts";
import { auditContextOf } from "../platform/audit/audit.service.ts";
import { ConflictError, NotFoundError, ValidationError } from "../platform/errors.ts";
import { inputOf } from "./declaration-checks.ts";
import {
  errorsByRow,
  formValuesOf,
  inputOfForm,
  MAX_FORM_LINES,
  parseDeclarationForm,
  periodChoices,
  rowsOf,
  type FormLine,
  type FormValues,
} from "./declaration-form.ts";
import { noticeOf, periodLabel, renderDeclarationPage, renderReceipt, renderVersionPage, webActor, type PageDeps } from "./declaration-pages.ts";
import { summaryOf } from "./declaration-view.ts";
import { vietnamToday } from "./declaration.period.ts";
import type { MemberEnterprise, MemberEnterprises } from "../enterprises/index.ts";
import { countryName, countryOptions, isCountryCode } from "./reference/countries.ts";
import { COMMON_CURRENCIES, CURRENCY_CODES } from "./reference/currencies.ts";
import { INCOTERMS } from "./reference/incoterms.ts";
import { isObjectId } from "../platform/db/ids.ts";
import { langOf } from "../platform/i18n/i18n.ts";

const OTHER_CURRENCIES = CURRENCY_CODES.filter((code) => !(COMMON_CURRENCIES as readonly string[]).includes(code));

/** `:id` routes answer only for declaration ids: other words under /to-khai/ (the spreadsheet upload's pages) pass on. */
const declarationId = (req: Request, _res: Response, next: NextFunction) => (isObjectId(String(req.params.id)) ? next() : next("route"));

type FormState = {
  enterprise: MemberEnterprise;
  declarationId?: string;
  revision?: number;
  status?: string;
  values: FormValues;
  rows: FormLine[];
  errors?: Record<string, string>;
  formError?: string;
  conflictLink?: string;
  notice?: string;
};

/**
 * The enterprise's web side of declarations: the list of its declarations, the form (new, edit a
 * draft or a returned declaration, save as draft, submit, delete a draft), the declaration's page,
 * its versions and the printable receipt. Rules and ownership live in the services.
 */
export function declarationWebRouter(deps: PageDeps & { memberEnterprises: MemberEnterprises }): Router {
  const router = Router();
  const { declarations, memberEnterprises } = deps;

  function renderForm(req: Request, res: Response, state: FormState, status = 200) {
    const lang = langOf(req);
    const translated = Object.fromEntries(Object.entries(state.errors ?? {}).map(([path, key]) => [path, req.t(key)]));
    const { header, lines: lineErrors } = errorsByRow(translated);
    const rows = state.rows.map((line, index) => ({
      index,
      number: index + 1,
      ...line,
      countryName: isCountryCode(line.partnerCountry.toUpperCase()) ? countryName(line.partnerCountry.toUpperCase(), lang) : "",
      errors: lineErrors[index] ?? {},
      currencies: COMMON_CURRENCIES.map((code) => ({ code, selected: code === line.currency.toUpperCase() })),
      otherCurrencies: OTHER_CURRENCIES.map((code) => ({ code, selected: code === line.currency.toUpperCase() })),
      incoterms: INCOTERMS.map((code) => ({ code, selected: code === line.incoterm.toUpperCase() })),
    }));
    const periods = periodChoices(vietnamToday(), state.values.period).map((period) => ({ ...period, label: periodLabel(req, period), selected: period.key === state.values.period }));
    const problemCount = Object.keys(state.errors ?? {}).length;
    res.status(status).render("declarations/form", {
      title: state.declarationId ? req.t("declarations.web.form.editTitle") : req.t("declarations.web.form.newTitle"),
      action: state.declarationId ? `/to-khai/${state.declarationId}/sua` : "/to-khai/moi",
      enterprise: state.enterprise,
      declarationId: state.declarationId,
      revision: state.revision,
      returned: state.status === "returned",
      discardable: state.status === "draft" && state.declarationId,
      values: state.values,
      monthPeriods: periods.filter((period) => period.kind === "month"),
      quarterPeriods: periods.filter((period) => period.kind === "quarter"),
      rows,
      canAddLine: rows.length < MAX_FORM_LINES,
      maxLines: MAX_FORM_LINES,
      countries: countryOptions(lang),
      errors: header,
      problemCount,
      formError: state.formError ?? (problemCount > 0 ? req.t("declarations.web.form.problems", { count: problemCount }) : undefined),
      conflictLink: state.conflictLink,
      notice: state.notice,
    });
  }

  async function enterpriseOf(req: Request, slugOrId: string): Promise<MemberEnterprise> {
    const enterprise = await memberEnterprises.find(slugOrId, currentUser(req).id);
    if (!enterprise) throw new NotFoundError();
    return enterprise;
  }

  /** Save, submit, or (without JavaScript) add/remove a row: the one POST of the form. */
  async function handleForm(req: Request, res: Response, enterprise: MemberEnterprise, existing?: { id: string; status: string }) {
    const { values, action, revision, rowCount } = parseDeclarationForm(req.body);
    const state: FormState = { enterprise, declarationId: existing?.id, revision, status: existing?.status ?? "draft", values, rows: rowsOf(values.lines) };
    if (action.kind === "addLine" || action.kind === "removeLine") {
      const wanted = action.kind === "addLine" ? rowCount + 1 : rowCount;
      return renderForm(req, res, { ...state, rows: rowsOf(values.lines, Math.max(0, wanted - values.lines.length)) });
    }
    const context = auditContextOf(req);
    const actor = webActor(req);
    try {
      const saved = await declarations.saveDraft(context, actor, { enterpriseId: enterprise.id, declarationId: existing?.id, revision, input: inputOfForm(values) });
      Object.assign(state, { declarationId: saved.id, revision: saved.revision });
      if (action.kind !== "submit") return res.redirect(303, `/to-khai/${saved.id}/sua?ok=saved`);
      await declarations.submit(context, actor, { declarationId: saved.id, channel: "web" });
      return res.redirect(303, `/to-khai/${saved.id}?ok=submitted`);
    } catch (error) {
      if (error instanceof ValidationError) {
        return renderForm(req, res, { ...state, errors: error.fieldErrors, formError: req.t(error.messageKey) }, 422);
      }
      if (error instanceof ConflictError) {
        const existingId = typeof error.details.existingId === "string" ? error.details.existingId : undefined;
        return renderForm(req, res, { ...state, formError: req.t(error.messageKey), conflictLink: existingId ? `/to-khai/${existingId}` : undefined }, 409);
      }
      throw error;
    }
  }

  // GET /to-khai — every declaration of every enterprise the person belongs to; a short explanation for visitors.
  router.get("/to-khai", async (req, res) => {
    if (req.user?.kind !== "user") return res.render("declarations/about", { title: req.t("declarations.web.list.title") });
    const lang = langOf(req);
    const actor = webActor(req);
    const now = new Date();
    const enterprises = await memberEnterprises.list(currentUser(req).id);
    const groups = await Promise.all(
      enterprises.map(async (enterprise) => ({
        ...enterprise,
        displayName: lang === "en" ? enterprise.nameEn : enterprise.name,
        newUrl: `/to-khai/moi?dn=${encodeURIComponent(enterprise.slug)}`,
        declarations: (await declarations.listForEnterprise(actor, enterprise.id)).map((declaration) => ({
          ...summaryOf(declaration, lang, now, req.t),
          periodText: periodLabel(req, declaration.period),
        })),
      })),
    );
    res.render("declarations/index", { title: req.t("declarations.web.list.title"), groups, notice: noticeOf(req), department: ["moderator", "admin"].includes(currentUser(req).role) });
  });

  // GET /to-khai/moi?dn=<slug> — a new declaration for one of the person's enterprises.
  router.get("/to-khai/moi", requireAuth, async (req, res) => {
    const enterprise = await enterpriseOf(req, String(req.query.dn ?? ""));
    const user = currentUser(req);
    const today = vietnamToday();
    const lastMonth = periodChoices(today)[1]!.key;
    const period = typeof req.query.ky === "string" && /^\d{4}-(\d{2}|Q[1-4])$/.test(req.query.ky) ? req.query.ky : lastMonth;
    const direction = req.query.chieu === "import" ? "import" : "export";
    const values: FormValues = { period, direction, contact: { name: user.name, phone: "", email: user.email }, lines: [] };
    renderForm(req, res, { enterprise, values, rows: rowsOf([]) });
  });

  // POST /to-khai/moi — the first save (or save-and-submit) of a new declaration.
  router.post("/to-khai/moi", requireAuth, async (req, res) => {
    const enterprise = await enterpriseOf(req, String(req.body?.dn ?? ""));
    await handleForm(req, res, enterprise);
  });

  // GET /to-khai/:id/sua — edit a draft, or correct a returned declaration (the remaining problems shown by field).
  router.get("/to-khai/:id/sua", declarationId, requireAuth, async (req, res) => {
    const id = String(req.params.id);
    const { declaration } = await declarations.get(webActor(req), id);
    if (declaration.status !== "draft" && declaration.status !== "returned") return res.redirect(303, `/to-khai/${id}`);
    const enterprise = await enterpriseOf(req, declaration.enterpriseId.toString());
    const values = formValuesOf(declaration);
    const checked = declaration.problemCount > 0 ? await declarations.check(inputOf(declaration)) : { errors: {} };
    renderForm(req, res, {
      enterprise,
      declarationId: id,
      revision: declaration.revision,
      status: declaration.status,
      values,
      rows: rowsOf(values.lines, values.lines.length === 0 ? 3 : 0),
      errors: checked.errors,
      notice: noticeOf(req),
    });
  });

  // POST /to-khai/:id/sua — save the draft again, or submit it.
  router.post("/to-khai/:id/sua", declarationId, requireAuth, async (req, res) => {
    const id = String(req.params.id);
    const { declaration } = await declarations.get(webActor(req), id);
    const enterprise = await enterpriseOf(req, declaration.enterpriseId.toString());
    await handleForm(req, res, enterprise, { id, status: declaration.status });
  });

  // POST /to-khai/:id/xoa — delete a draft never submitted.
  router.post("/to-khai/:id/xoa", declarationId, requireAuth, async (req, res) => {
    await declarations.discardDraft(auditContextOf(req), webActor(req), String(req.params.id));
    res.redirect(303, "/to-khai?ok=deleted");
  });

  // GET /to-khai/:id — the declaration: status, receipt, totals, lines, notes, files, versions, timeline.
  router.get("/to-khai/:id", declarationId, requireAuth, async (req, res) => {
    await renderDeclarationPage(deps, req, res, String(req.params.id));
  });

  // GET /to-khai/:id/phien-ban/:n — one submitted version, read-only.
  router.get("/to-khai/:id/phien-ban/:n", declarationId, requireAuth, async (req, res) => {
    const number = Number(req.params.n);
    if (!Number.isInteger(number) || number < 1) throw new NotFoundError();
    await renderVersionPage(deps, req, res, String(req.params.id), number);
  });

  // GET /to-khai/:id/bien-nhan — the printable receipt.
  router.get("/to-khai/:id/bien-nhan", declarationId, requireAuth, async (req, res) => {
    await renderReceipt(deps, req, res, String(req.params.id));
  });

  return router;
}
