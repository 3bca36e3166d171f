import { z } from "zod";
import { ValidationError } from "../platform/errors.ts";
import { parseInput } from "../platform/validation.ts";
import { isProvinceCommune, PROVINCE_BOUNDS } from "./communes.ts";
import { CERTIFICATION_KINDS, ENTERPRISE_KINDS, ENTERPRISE_STATUSES } from "./enterprise.model.ts";

const E = "enterprises.errors";

/**
 * MST (mã số thuế): 10 digits, or 10 + "-" + 3 for a branch. Only the format is checked: the check
 * digit rule (weights 31,29,23,19,17,13,7,5,3) fails on 16 of the 18 fictional codes of the demo data.
 */
export const TAX_CODE = /^\d{10}(-\d{3})?$/;

const text = (max: number, message: string) => z.string().trim().max(max, { message });
const optionalText = (max: number, message: string) => z.preprocess((value) => value ?? "", text(max, message));
/** An empty form field is "not given". */
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const asList = (value: unknown) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]);

const coordinate = (min: number, max: number, message: string) =>
  z.preprocess(blankToUndefined, z.coerce.number({ message }).min(min, { message }).max(max, { message }).optional());

const certificationSchema = z.object({
  kind: z.enum(CERTIFICATION_KINDS, { message: `${E}.certificationKind` }),
  number: z.string().trim().min(1, { message: `${E}.certificationNumber` }).max(80, { message: `${E}.certificationNumber` }),
  issuer: z.string().trim().min(1, { message: `${E}.certificationIssuer` }).max(200, { message: `${E}.certificationIssuer` }),
  expiresAt: z.iso.date({ message: `${E}.certificationExpiry` }).transform((day) => new Date(`${day}T00:00:00Z`)),
});

export const profileSchema = z
  .object({
    nameVi: z.string().trim().min(2, { message: `${E}.nameRequired` }).max(200, { message: `${E}.nameTooLong` }),
    nameEn: optionalText(200, `${E}.nameTooLong`),
    taxCode: z.string().trim().regex(TAX_CODE, { message: `${E}.taxCodeFormat` }),
    kind: z.enum(ENTERPRISE_KINDS, { message: `${E}.kindInvalid` }),
    street: z.string().trim().min(2, { message: `${E}.streetRequired` }).max(200, { message: `${E}.streetRequired` }),
    commune: z.string({ message: `${E}.communeRequired` }).trim().refine(isProvinceCommune, { message: `${E}.communeRequired` }),
    lat: coordinate(PROVINCE_BOUNDS.minLat, PROVINCE_BOUNDS.maxLat, `${E}.latOutside`),
    lng: coordinate(PROVINCE_BOUNDS.minLng, PROVINCE_BOUNDS.maxLng, `${E}.lngOutside`),
    phone: z.preprocess((v) => v ?? "", z.string().trim().regex(/^$|^[0-9+][0-9 .()-]{7,19}$/, { message: `${E}.phoneInvalid` })),
    email: z.preprocess(blankToUndefined, z.email({ message: `${E}.emailInvalid` }).max(200).toLowerCase().optional()),
    website: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, message: `${E}.websiteInvalid` }).max(300).optional()),
    descriptionVi: optionalText(5000, `${E}.descriptionTooLong`),
    descriptionEn: optionalText(5000, `${E}.descriptionTooLong`),
    sectors: z.preprocess(asList, z.array(z.string().regex(/^[a-z0-9-]{1,60}$/, { message: `${E}.sectorInvalid` })).max(20)),
    foundedYear: z.preprocess(
      blankToUndefined,
      z.coerce.number({ message: `${E}.foundedYearInvalid` }).int({ message: `${E}.foundedYearInvalid` })
        .min(1900, { message: `${E}.foundedYearInvalid` }).max(new Date().getFullYear(), { message: `${E}.foundedYearInvalid` }).optional(),
    ),
    certifications: z.array(certificationSchema).max(10),
  })
  .refine((input) => (input.lat === undefined) === (input.lng === undefined), { message: `${E}.coordinatesPair`, path: ["lng"] });

export type ProfileInput = z.output<typeof profileSchema>;

export const CERTIFICATION_ROWS = 3;

/**
 * Parses the registration / storefront form. Certificate rows come as flat fields
 * (`certifications.0.kind`…); rows left entirely blank are dropped, and errors name the row as shown.
 */
export function parseProfile(body: Record<string, unknown>): ProfileInput {
  const filled: { index: number; row: Record<string, unknown> }[] = [];
  for (let index = 0; index < CERTIFICATION_ROWS; index += 1) {
    const row = Object.fromEntries(["kind", "number", "issuer", "expiresAt"].map((key) => [key, body[`certifications.${index}.${key}`] ?? ""]));
    if (Object.values(row).some((value) => String(value).trim() !== "")) filled.push({ index, row });
  }
  try {
    return parseInput(profileSchema, { ...body, certifications: filled.map(({ row }) => row) });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const fields = Object.fromEntries(
      Object.entries(error.fieldErrors).map(([path, key]) => {
        const match = /^certifications\.(\d+)\.(\w+)$/.exec(path);
        return [match ? `certifications.${filled[Number(match[1])]?.index ?? 0}.${match[2]}` : path, key];
      }),
    );
    throw new ValidationError(fields);
  }
}

export const reasonSchema = z.object({
  reason: z.string().trim().min(5, { message: `${E}.reasonRequired` }).max(1000, { message: `${E}.reasonRequired` }),
});

const pageNumber = z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10_000).catch(1).default(1));
const optionalSlug = z.preprocess(blankToUndefined, z.string().regex(/^[a-z0-9-]{1,60}$/).optional().catch(undefined));

/** The directory's filters; an unknown value is ignored rather than refused (links get shared and edited). */
export const directoryQuerySchema = z.object({
  kind: z.preprocess(blankToUndefined, z.enum(ENTERPRISE_KINDS).optional().catch(undefined)),
  sector: optionalSlug,
  commune: z.preprocess(blankToUndefined, z.string().refine(isProvinceCommune).optional().catch(undefined)),
  ocop: z.preprocess(blankToUndefined, z.literal("1").optional().catch(undefined)),
  certification: z.preprocess(blankToUndefined, z.enum(CERTIFICATION_KINDS).optional().catch(undefined)),
  status: z.preprocess(blankToUndefined, z.enum(ENTERPRISE_STATUSES).optional().catch(undefined)),
  sort: z.preprocess(blankToUndefined, z.enum(["name", "newest"]).catch("name").default("name")),
  page: pageNumber,
});

export type DirectoryQuery = z.output<typeof directoryQuerySchema>;

export const storefrontQuerySchema = z.object({ category: optionalSlug, page: pageNumber });
