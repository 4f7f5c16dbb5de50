import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { query, type AreaSearchHit } from '../api.ts';
import { useDebounced, useApi } from '../hooks.ts';
import { useI18n, type I18n } from '../i18n.tsx';

export interface AreaSearchProps {
  onSelect(hit: AreaSearchHit): void;
  /** Called when the text is emptied, and on an edit while `picked` holds an area. */
  onClear(): void;
  /** The field's label, placeholder and no-hit line, shown; the main map's by default. */
  label?: string;
  placeholder?: string;
  noResult?: string;
  /** The input's name. */
  name?: string;
  className?: string;
  /** How many hits to ask the server for. */
  limit?: number;
  /** Which of the server's hits to offer, in order. */
  offer?(hits: AreaSearchHit[]): AreaSearchHit[];
  /** The text the field shows once a hit is picked; its name by default. */
  pickedText?(hit: AreaSearchHit, i: I18n): string;
  /** Shown after a hit's name in the list. */
  note?(hit: AreaSearchHit): ReactNode;
  /**
   * Given when the field is one input of a form that holds the pick: while an area is picked it
   * neither searches nor lists, and Enter picks only from an open list (else it submits the form).
   */
  picked?: AreaSearchHit | null;
}

/**
 * Search an area by Thai or English name or by code. On the main map picking one flies to it and
 * outlines it; a target list's form picks a sub-district or village to add with it.
 */
export function AreaSearch(props: AreaSearchProps) {
  const { onSelect, onClear, picked, limit = 10 } = props;
  const i = useI18n();
  const { t } = i;
  const inForm = picked !== undefined;
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), 200);
  const { data, loading } = useApi<AreaSearchHit[]>(q.length >= 1 && !picked ? `/api/areas/search${query({ q, limit })}` : null);
  const hits = q ? (props.offer ?? ((h) => h))(data ?? []) : [];
  const listing = open && !!q && !picked;
  const listId = useId();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => setActive(0), [q]);
  useEffect(() => {
    const close = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, []);

  const pick = (h: AreaSearchHit) => {
    setText(props.pickedText ? props.pickedText(h, i) : i.name(h));
    setOpen(false);
    onSelect(h);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, hits.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter' && (open || !inForm) && hits[active]) {
      e.preventDefault();
      pick(hits[active]);
    } else if (e.key === 'Escape') setOpen(false);
  };

  return (
    <div className={props.className ? `area-search ${props.className}` : 'area-search'} ref={box}>
      <label className="field">
        <span>{props.label ?? t('searchLabel')}</span>
        <div className="search-input">
          <input
            type="search"
            name={props.name ?? 'area-search'}
            role="combobox"
            aria-expanded={listing}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={listing && hits[active] ? `${listId}-${active}` : undefined}
            placeholder={props.placeholder ?? t('searchPlaceholder')}
            value={text}
            autoComplete="off"
            onChange={(e) => {
              setText(e.target.value);
              setOpen(true);
              if (picked || !e.target.value.trim()) onClear();
            }}
            onFocus={() => setOpen(true)}
            onKeyDown={onKey}
          />
        </div>
      </label>
      {listing && (
        <ul className="search-results" id={listId} role="listbox">
          {hits.map((h, k) => (
            <li
              key={h.code}
              id={`${listId}-${k}`}
              role="option"
              aria-selected={k === active}
              className={k === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(h);
              }}
              onMouseEnter={() => setActive(k)}
            >
              <span className="hit-name">
                {i.areaTitle(h)}
                {props.note?.(h)}
              </span>
              <span className="hit-path">
                {i.lang === 'th' ? h.path : h.pathEn} · {h.code}
              </span>
            </li>
          ))}
          {!loading && data && hits.length === 0 && <li className="no-hit">{props.noResult ?? t('searchNoResult')}</li>}
        </ul>
      )}
    </div>
  );
}
