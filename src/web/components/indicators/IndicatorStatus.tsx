/**
 * The status of an indicator value by colour, shape and word together (a circle with a tick on
 * track, a triangle at risk, a square with a cross off track, an outlined diamond without a
 * target, a dashed ring without data), so that a grey printout or a colour-blind reader loses
 * nothing. The shapes are those of the dashboard's traffic lights.
 */
import type { IndicatorStatus } from '../../../shared/indicator-definition.ts';
import { useI18n } from '../../i18n.tsx';
import { statusWord } from './indicator-text.ts';

export const STATUS_COLOURS: Record<IndicatorStatus, string> = {
  on_track: '#1e7b3c',
  at_risk: '#b7791f',
  off_track: '#b3261e',
  no_target: '#3f5f80',
  no_data: '#6b7785',
};

/** The shape of a status (decorative: the word always goes with it). */
export function StatusShape({ status, size = 16 }: { status: IndicatorStatus; size?: number }) {
  const c = STATUS_COLOURS[status];
  return (
    <svg className="ind-shape" width={size} height={size} viewBox="0 0 18 18" aria-hidden="true" focusable="false">
      {status === 'on_track' && (
        <>
          <circle cx="9" cy="9" r="8" fill={c} />
          <path d="M5 9.4l2.6 2.6L13 6.6" fill="none" stroke="#fff" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
        </>
      )}
      {status === 'at_risk' && (
        <>
          <path d="M9 1.2L17 16.5H1z" fill={c} />
          <path d="M9 6.5v4.6" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
          <circle cx="9" cy="13.6" r="1.1" fill="#fff" />
        </>
      )}
      {status === 'off_track' && (
        <>
          <rect x="1.5" y="1.5" width="15" height="15" rx="2" fill={c} />
          <path d="M6 6l6 6M12 6l-6 6" stroke="#fff" strokeWidth="2" strokeLinecap="round" />
        </>
      )}
      {status === 'no_target' && <path d="M9 1.8L16.2 9 9 16.2 1.8 9z" fill="#fff" stroke={c} strokeWidth="2" strokeLinejoin="round" />}
      {status === 'no_data' && <circle cx="9" cy="9" r="7" fill="none" stroke={c} strokeWidth="2" strokeDasharray="3 2.2" />}
    </svg>
  );
}

/** The status as shape and word. */
export function IndicatorStatusLabel({ status }: { status: IndicatorStatus }) {
  const i = useI18n();
  return (
    <span className={`ind-status ind-status-${status}`} data-status={status}>
      <StatusShape status={status} />
      <span>{statusWord(status, i)}</span>
    </span>
  );
}
