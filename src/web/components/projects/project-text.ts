/**
 * Rules and wording shared by the project components: who may change what (the same rules as
 * the projects API, so the page never offers an action the server refuses), reading amounts and
 * percentages typed by people (1,250,000 or ๑๒๕๐๐๐๐), and Thai sentences around the server's
 * English error messages, mapped onto the fields they name.
 */
import { ApiError, type Me, type Role } from '../../api.ts';
import type { I18n } from '../../i18n.tsx';
import type { MessageKey } from '../../messages.ts';
import { errorText } from '../common.tsx';
import type { Agency } from '../../../shared/agency-types.ts';

/** Roles that may write projects of any agency. */
export const ANY_AGENCY_ROLES: readonly Role[] = ['admin', 'analyst'];
/** Roles that may write the projects of their own agency only. */
export const OWN_AGENCY_ROLES: readonly Role[] = ['agency_officer', 'area_officer'];

/** Largest photo the server keeps (project_photo.size_bytes). */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTO_ACCEPT = '.jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp';

/** An agency as the project pages need it (GET /api/agencies gives every field of Agency). */
export type AgencyOption = Pick<Agency, 'id' | 'code' | 'nameTh' | 'nameEn' | 'provinceCode' | 'active'>;

export type { ExpectedReport, ProjectDetail as ProjectDetailBody, ProjectPage } from '../../../shared/project-types.ts';

/** Whether the user may write projects at all (create one for some agency). */
export function canCreateProject(me: Me | null): boolean {
  if (!me) return false;
  if (ANY_AGENCY_ROLES.includes(me.role)) return true;
  return OWN_AGENCY_ROLES.includes(me.role) && me.agencyId != null;
}

/** Whether the user may change a project of `agencyId` (edit, report progress, close a request). */
export function canEditProject(me: Me | null, agencyId: number): boolean {
  if (!me) return false;
  if (ANY_AGENCY_ROLES.includes(me.role)) return true;
  return OWN_AGENCY_ROLES.includes(me.role) && me.agencyId === agencyId;
}

/** Whether the user may only write for their own agency (the agency choice is fixed). */
export function ownAgencyOnly(me: Me | null): boolean {
  return !!me && OWN_AGENCY_ROLES.includes(me.role);
}

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';

/** Thai digits as Arabic ones, spaces and thousands separators removed. */
function plainDigits(text: string): string {
  return text
    .replace(/[๐-๙]/g, (d) => String(THAI_DIGITS.indexOf(d)))
    .replace(/[\s,]/g, '')
    .replace(/บาท$/, '');
}

/**
 * An amount of baht as typed ("1,250,000", "1250000.50", "๑๒๕๐๐๐๐", "2,000 บาท"); null when it
 * is not a non-negative number with at most two decimals, so the page never sends NaN.
 */
export function parseBaht(text: string): number | null {
  const s = plainDigits(text.trim());
  if (!/^\d{1,14}(\.\d{1,2})?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** A percentage between 0 and 100 as typed ("45", "45.5", "45%"); null otherwise. */
export function parsePercent(text: string): number | null {
  const s = plainDigits(text.trim()).replace(/%$/, '');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(s)) return null;
  const n = Number(s);
  return n >= 0 && n <= 100 ? n : null;
}

/** A non-negative count or quantity as typed ("12", "1,200", "2.5"); null otherwise. */
export function parseQuantity(text: string): number | null {
  const s = plainDigits(text.trim());
  if (!/^\d{1,12}(\.\d{1,4})?$/.test(s)) return null;
  return Number(s);
}

/** Baht with thousands separators, satang only when there are any ("1,250,000", "99.50"). */
export function bahtText(n: number, i: I18n): string {
  return Number.isInteger(n) ? i.num(n) : i.num(n, 2).replace(/\.(\d)$/, '.$10');
}

/** A calendar date YYYY-MM-DD (Common Era) as a date in the interface language (Buddhist Era in Thai). */
export function ymdText(ymd: string, i: I18n, long = true): string {
  // Noon UTC is the same calendar day in Thailand, whatever the browser's time zone.
  return i.date(`${ymd.slice(0, 10)}T12:00:00Z`, { long });
}

/** The field of a project form a server error detail names ("plannedOutputs[1].name" -> "plannedOutputs"). */
export function fieldOf(detailField: string | undefined): string {
  return /^[A-Za-z]+/.exec(detailField ?? '')?.[0] ?? '';
}

/** Errors per field of a form: the Thai sentence under each marked field. */
export type FieldErrors = Record<string, (i: I18n) => string>;

/**
 * The field errors of a refused save: each detail the form knows becomes a Thai sentence under
 * that field (with the server's own words, which name the row or value), and the rest go to the
 * summary above the buttons.
 */
export function serverFieldErrors(err: unknown, known: readonly string[]): { fields: FieldErrors; other: string[] } {
  const fields: FieldErrors = {};
  const other: string[] = [];
  if (!(err instanceof ApiError)) return { fields, other };
  for (const d of err.details) {
    const f = fieldOf(d.field);
    if (known.includes(f)) {
      const before = fields[f];
      fields[f] = (x) => {
        const line = x.t('projectsErrFieldServer', { message: d.message });
        return before ? `${before(x)} · ${line}` : line;
      };
    } else other.push(d.field ? `${d.field}: ${d.message}` : d.message);
  }
  return { fields, other };
}

/**
 * One sentence for a failed action: "<what could not be done>: <why>", the why in the interface
 * language for the refusals the page knows, else the server's own words.
 */
export function actionErrorText(err: unknown, action: MessageKey, i: I18n): string {
  if (!(err instanceof ApiError)) return `${i.t(action)}: ${errorText(err, i)}`;
  if (err.status === 0 || err.status === 401) return errorText(err, i);
  return `${i.t(action)}: ${reasonText(err, i)}`;
}

function reasonText(err: ApiError, i: I18n): string {
  const m = err.message;
  if (/cancel/i.test(m)) return i.t('projectsErrCancelledServer');
  if (err.status === 403) return i.t('projectsErrForbidden');
  if (err.status === 404) return i.t('projectsErrNotFound');
  if (err.status === 409 && err.details.some((d) => fieldOf(d.field) === 'externalId')) return i.t('projectsErrExternalIdUsed');
  if (err.status === 413) return i.t('projectsErrPhotoSize');
  if (err.status === 415) return i.t('projectsErrPhotoType');
  if (err.details.length && err.status === 400) return i.t('projectsErrCheckFields');
  return i.t('projectsServerSaid', { message: m });
}
