/**
 * Wording and rules shared by the target list components: who may do what (the same role sets
 * as src/server/targets/service.ts, so the page never offers an action the server refuses), and
 * Thai sentences around the server's English error messages.
 */
import { ApiError, type Role } from '../../api.ts';
import type { I18n } from '../../i18n.tsx';
import type { MessageKey } from '../../messages.ts';
import { errorText } from '../common.tsx';
import type { TargetList, TargetStatus } from './types.ts';

/** Roles that draft and edit target lists (TARGET_WRITERS on the server). */
export const WRITER_ROLES: readonly Role[] = ['admin', 'analyst'];
/** The role that declares a list (TARGET_DECLARERS on the server). */
export const DECLARER_ROLES: readonly Role[] = ['admin'];
/** Largest scanned order the server accepts (ORDER_MAX_BYTES). */
export const ORDER_MAX_BYTES = 20 * 1024 * 1024;
/** What the server recognises as a scanned order. */
export const ORDER_ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

/** Whether a role may draft and edit lists. */
export const canWrite = (role: Role | undefined): boolean => !!role && WRITER_ROLES.includes(role);
/** Whether a role may declare a list. */
export const canDeclare = (role: Role | undefined): boolean => !!role && DECLARER_ROLES.includes(role);

/** The label of a list status in the current language. */
export function statusText(status: TargetStatus, i: I18n): string {
  return i.t(`targetsStatus_${status}` as MessageKey);
}

/** A YYYY-MM-DD (Common Era) order date as a long date, Buddhist Era in Thai. */
export function orderDateText(ymd: string, i: I18n): string {
  // Noon UTC is the same calendar day in Thailand, whatever the browser's time zone.
  return i.date(`${ymd}T12:00:00Z`, { long: true });
}

/** "Order no. … of <date>" for a declared list; null for one not declared. */
export function orderLine(l: Pick<TargetList, 'declarationDate' | 'referenceNumber'>, i: I18n): string | null {
  return l.declarationDate ? i.t('targetsOrderLine', { ref: l.referenceNumber ?? '', date: orderDateText(l.declarationDate, i) }) : null;
}

/** File size in KB or MB. */
export function sizeText(bytes: number, i: I18n): string {
  return bytes >= 1024 * 1024 ? `${i.num(bytes / 1024 / 1024, 1)} MB` : `${i.num(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

/** Whether a file looks like a PDF, JPEG or PNG by its name or type (the server checks the bytes). */
export function isOrderFile(f: File): boolean {
  return /^(application\/pdf|image\/jpeg|image\/png)$/.test(f.type) || /\.(pdf|jpe?g|png)$/i.test(f.name);
}

/**
 * One Thai (or English) sentence for a failed action: "<what could not be done>: <why>", the why
 * in the interface language for the refusals the page knows, else the server's own words.
 */
export function actionErrorText(err: unknown, action: MessageKey, i: I18n): string {
  if (!(err instanceof ApiError)) return `${i.t(action)}: ${errorText(err, i)}`;
  if (err.status === 0 || err.status === 401) return errorText(err, i);
  const why = reasonText(err, i);
  return `${i.t(action)}: ${why}`;
}

function reasonText(err: ApiError, i: I18n): string {
  const m = err.message;
  if (err.status === 403) return i.t('targetsErrForbidden');
  if (err.status === 404) return i.t('targetsErrNotFound');
  if (err.code === 'empty_list') return i.t('targetsErrEmptyList');
  if (err.code === 'no_areas') return i.t('targetsErrNoAreas');
  if (err.code === 'no_category_scores') return i.t('targetsErrNoCategoryScores');
  if (err.status === 413) return i.t('targetsErrOrderTooLarge');
  if (err.status === 415) return i.t('targetsErrOrderType');
  if (err.status === 409) {
    if (/is still (draft|submitted)|is already (draft|submitted)/.test(m)) return i.t('targetsErrOpenExists', { message: m });
    if (/is declared for province/.test(m)) return i.t('targetsErrDeclaredExists', { message: m });
    if (/already in target list/.test(m)) return i.t('targetsErrAlreadyInList');
    if (/at the same time/.test(m)) return i.t('targetsErrRace');
    return i.t('targetsErrState', { message: m });
  }
  return i.t('targetsServerSaid', { message: m });
}
