/**
 * Wording and rules shared by the agency and working group components: who may change what (the
 * same role sets as src/server/agencies/service.ts, so the page never offers what the server
 * refuses), labels of the coded values, and Thai sentences around the server's English errors.
 */
import { ApiError, type Role } from '../../api.ts';
import type { I18n } from '../../i18n.tsx';
import type { MessageKey } from '../../messages.ts';
import { errorText } from '../common.tsx';
import type { AgencyType, MemberRole, WorkingGroupKind } from '../../../shared/agency-types.ts';

/** Roles that keep the registry (AGENCY_WRITERS on the server). */
export const REGISTRY_ROLES: readonly Role[] = ['admin'];
/** Roles that keep the working groups of their areas (GROUP_WRITERS on the server). */
export const GROUP_ROLES: readonly Role[] = ['admin', 'analyst'];

export const canEditRegistry = (role: Role | undefined): boolean => !!role && REGISTRY_ROLES.includes(role);
export const canEditGroups = (role: Role | undefined): boolean => !!role && GROUP_ROLES.includes(role);

/** Whether an area code lies inside a user's scope (the server's inScope, for hiding buttons only). */
export function inUserScope(me: { role: Role; areaCodes: string[] } | null, code: string): boolean {
  if (!me) return false;
  if (me.areaCodes.length === 0) return me.role !== 'area_officer';
  return me.areaCodes.some((c) => code.startsWith(c));
}

export const typeText = (type: AgencyType, i: I18n): string => i.t(`agenciesType_${type}`);
export const kindText = (kind: WorkingGroupKind, i: I18n): string => i.t(`groupsKind_${kind}`);
export const roleText = (role: MemberRole, i: I18n): string => i.t(`groupsRole_${role}`);

/** "ทั้งจังหวัดยะลา" / "All of Yala": the area of a provincial group ("จังหวัด" is written once). */
export function wholeProvinceText(area: { nameTh: string; nameEn?: string | null }, i: I18n): string {
  return i.t('groupsAreaProvince', { name: i.lang === 'th' ? area.nameTh.replace(/^จังหวัด/, '') : i.name(area) });
}

/** The form label of each field the server may name in an error. */
const FIELD_LABELS: Record<string, MessageKey> = {
  code: 'agenciesFieldCode',
  nameTh: 'agenciesFieldNameTh',
  nameEn: 'agenciesFieldNameEn',
  type: 'agenciesFieldType',
  parentMinistry: 'agenciesFieldMinistry',
  provinceCode: 'agenciesFieldProvince',
  contactName: 'agenciesFieldContactName',
  contactPhone: 'agenciesFieldContactPhone',
  contactEmail: 'agenciesFieldContactEmail',
  address: 'agenciesFieldAddress',
  areaCode: 'groupsColArea',
  kind: 'groupsFieldKind',
  description: 'groupsFieldDescription',
  agencyId: 'groupsFieldAgency',
  userId: 'groupsFieldUser',
  personName: 'groupsFieldPerson',
  positionTitle: 'groupsFieldPosition',
  role: 'groupsFieldRole',
  phone: 'groupsFieldPhone',
  since: 'groupsFieldSince',
};

/**
 * A sentence for an error of the agency or group API: the Thai reason for the refusals the page
 * expects (a code in use, a second chair, an area out of scope), else the field it names with
 * the server's own explanation.
 */
export function apiErrorText(err: unknown, i: I18n, group = false): string {
  if (!(err instanceof ApiError)) return errorText(err, i);
  if (err.status === 409) {
    const code = /agency code "([^"]+)"/.exec(err.message);
    if (code) return i.t('agenciesErrCodeTaken', { code: code[1] });
    const chair = /already has a chair \((.*)\)/.exec(err.message);
    if (chair) return i.t('groupsErrChair', { name: chair[1] });
    if (/already a member/.test(err.message)) return i.t('groupsErrUserTwice');
  }
  if (err.status === 403 && /outside your area scope/.test(err.message)) return i.t('groupsErrScope');
  if (err.status === 400 && err.details[0]?.field) {
    const field = err.details[0].field;
    // Both forms name their Thai name "nameTh"; the label follows the form.
    const key = group && field === 'nameTh' ? 'groupsFieldNameTh' : group && field === 'nameEn' ? 'groupsFieldNameEn' : FIELD_LABELS[field];
    const label = key ? i.t(key) : field;
    return `${i.t('agenciesErrField', { field: label })} ${i.t('serverSays', { message: err.details[0].message })}`;
  }
  return errorText(err, i);
}
