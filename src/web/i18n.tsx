/**
 * The interface language: Thai by default, English on request, remembered in localStorage.
 * `useI18n()` gives `t` (typed keys) and the formatting helpers every page uses, so that dates
 * are shown in the Buddhist Era in Thai through the one fiscal calendar module.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, th, type MessageKey } from './messages.ts';
import { formatDate, formatFiscalQuarter, formatFiscalYear, type Lang } from '../shared/fiscal.ts';
import type { Category } from './api.ts';

const STORAGE_KEY = 'comap.lang';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { th, en };

export type Params = Record<string, string | number>;

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, params?: Params): string;
  /** A number with thousands separators. */
  num(n: number, digits?: number): string;
  /** An ISO instant as a date in Thailand (Buddhist Era in Thai). */
  date(iso: string | Date, opts?: { long?: boolean; time?: boolean }): string;
  fiscalYear(fy: number): string;
  fiscalQuarter(fy: number, q: number): string;
  /** The label of a category (or of anything with Thai and English labels) in the current language. */
  label(x: Pick<Category, 'labelTh' | 'labelEn'>): string;
  /** The name of an area in the current language (Thai when no English name). */
  name(x: { nameTh: string; nameEn?: string | null }): string;
  /** An area with its level: "ตำบลในเมือง" / "Nai Mueang (sub-district)". */
  areaTitle(x: { level: number; nameTh: string; nameEn?: string | null }): string;
}

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'th' || saved === 'en') return saved;
  } catch {
    // Storage may be disabled; Thai is the default anyway.
  }
  return 'th';
}

/** Fills `{name}` placeholders. */
export function interpolate(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);

  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // Not remembered, still switched.
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = dictionaries[lang].appTitle;
  }, [lang]);

  const value = useMemo<I18n>(() => {
    const dict = dictionaries[lang];
    const nf = new Map<number, Intl.NumberFormat>();
    return {
      lang,
      setLang,
      t: (key, params) => interpolate(dict[key] ?? key, params),
      num: (n, digits = 0) => {
        if (!nf.has(digits)) nf.set(digits, new Intl.NumberFormat('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 }));
        return nf.get(digits)!.format(n);
      },
      date: (iso, opts) => {
        const d = typeof iso === 'string' ? new Date(iso) : iso;
        return Number.isNaN(d.getTime()) ? String(iso) : formatDate(d, lang, opts);
      },
      fiscalYear: (fy) => formatFiscalYear(fy, lang),
      fiscalQuarter: (fy, q) => formatFiscalQuarter(fy, q, lang),
      label: (x) => (lang === 'th' ? x.labelTh : x.labelEn || x.labelTh),
      name: (x) => (lang === 'th' ? x.nameTh : x.nameEn || x.nameTh),
      areaTitle: (x) => {
        const level = dict[`level_${x.level}` as MessageKey] ?? '';
        // Thai writes the level and the name as one word ("อำเภอเมืองสุรินทร์").
        return lang === 'th' ? `${level}${x.nameTh}` : `${x.nameEn || x.nameTh} (${level.toLowerCase()})`;
      },
    };
  }, [lang, setLang]);

  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
