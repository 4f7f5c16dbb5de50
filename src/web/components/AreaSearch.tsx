import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { query, type AreaSearchHit } from '../api.ts';
import { useDebounced, useApi } from '../hooks.ts';
import { useI18n } from '../i18n.tsx';

/** Search an area by Thai or English name or by code; picking one flies to it and outlines it. */
export function AreaSearch({ onSelect, onClear }: { onSelect(hit: AreaSearchHit): void; onClear(): void }) {
  const i = useI18n();
  const { t } = i;
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), 200);
  const { data, loading } = useApi<AreaSearchHit[]>(q.length >= 1 ? `/api/areas/search${query({ q, limit: 10 })}` : null);
  const hits = q ? (data ?? []) : [];
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
    setText(i.name(h));
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
    } else if (e.key === 'Enter' && hits[active]) {
      e.preventDefault();
      pick(hits[active]);
    } else if (e.key === 'Escape') setOpen(false);
  };

  return (
    <div className="area-search" ref={box}>
      <label className="field">
        <span>{t('searchLabel')}</span>
        <div className="search-input">
          <input
            type="search"
            name="area-search"
            role="combobox"
            aria-expanded={open && !!q}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={open && hits[active] ? `${listId}-${active}` : undefined}
            placeholder={t('searchPlaceholder')}
            value={text}
            autoComplete="off"
            onChange={(e) => {
              setText(e.target.value);
              setOpen(true);
              if (!e.target.value.trim()) onClear();
            }}
            onFocus={() => setOpen(true)}
            onKeyDown={onKey}
          />
        </div>
      </label>
      {open && q && (
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
              <span className="hit-name">{i.areaTitle(h)}</span>
              <span className="hit-path">
                {i.lang === 'th' ? h.path : h.pathEn} · {h.code}
              </span>
            </li>
          ))}
          {!loading && data && hits.length === 0 && <li className="no-hit">{t('searchNoResult')}</li>}
        </ul>
      )}
    </div>
  );
}
