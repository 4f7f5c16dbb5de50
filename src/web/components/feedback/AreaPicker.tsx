/**
 * A district and a sub-district of one province chosen with two short lists (easier on a phone
 * than one list of hundreds of sub-districts), offering only areas inside the user's scope. A user
 * limited to one sub-district has it chosen already.
 */
import { useEffect, useMemo } from 'react';
import { query, type Area, type Me } from '../../api.ts';
import { useApi } from '../../hooks.ts';
import { useI18n } from '../../i18n.tsx';
import { inMyScope, touchesMyScope } from './feedback-text.ts';

export interface AreaPickerProps {
  me: Me;
  province: string;
  district: string;
  subdistrict: string;
  onChange(v: { district: string; subdistrict: string }): void;
  /** Whether "every district / sub-district" is a choice (filters), or a sub-district is required (forms). */
  optional?: boolean;
  /** Prefix of the selects' names (two pickers on one page). */
  name?: string;
  /** A message under the sub-district, with aria-invalid on it. */
  error?: string | null;
  /** Id for the sub-district select (a label elsewhere points at it). */
  id?: string;
}

export function AreaPicker(props: AreaPickerProps) {
  const { me, province, district, subdistrict, onChange, optional } = props;
  const i = useI18n();
  const { t } = i;
  const name = props.name ?? 'fb';
  const districts = useApi<Area[]>(province ? `/api/areas${query({ level: 2, parent: province })}` : null);
  const subs = useApi<Area[]>(district ? `/api/areas${query({ level: 3, parent: district })}` : null);
  const districtOptions = useMemo(() => (districts.data ?? []).filter((d) => touchesMyScope(me, d.code)), [districts.data, me]);
  const subOptions = useMemo(() => (subs.data ?? []).filter((s) => inMyScope(me, s.code) || me.areaCodes.some((c) => c.startsWith(s.code))), [subs.data, me]);

  // One district (or one sub-district) in scope: chosen without asking.
  useEffect(() => {
    if (!district && districtOptions.length === 1 && (!optional || me.areaCodes.length > 0)) onChange({ district: districtOptions[0].code, subdistrict: '' });
  }, [district, districtOptions, optional, me.areaCodes.length, onChange]);
  useEffect(() => {
    if (district && !subdistrict && subOptions.length === 1 && (!optional || me.areaCodes.length > 0)) onChange({ district, subdistrict: subOptions[0].code });
  }, [district, subdistrict, subOptions, optional, me.areaCodes.length, onChange]);

  return (
    <>
      <label className="field">
        <span>{t('district')}</span>
        <select name={`${name}-district`} value={district} onChange={(e) => onChange({ district: e.target.value, subdistrict: '' })}>
          <option value="">{optional ? t('allDistricts') : t('feedbackChooseDistrict')}</option>
          {districtOptions.map((d) => (
            <option key={d.code} value={d.code}>
              {i.name(d)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('subdistrict')}</span>
        <select
          id={props.id}
          name={`${name}-subdistrict`}
          value={subdistrict}
          disabled={!district}
          aria-invalid={props.error ? true : undefined}
          onChange={(e) => onChange({ district, subdistrict: e.target.value })}
        >
          <option value="">{optional ? t('feedbackAllSubdistricts') : t('feedbackChooseSubdistrict')}</option>
          {subOptions.map((s) => (
            <option key={s.code} value={s.code}>
              {i.name(s)}
            </option>
          ))}
        </select>
        {props.error && <span className="hint hint-error">{props.error}</span>}
      </label>
    </>
  );
}
