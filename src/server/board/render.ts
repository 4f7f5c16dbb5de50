/**
 * The public board's HTML, rendered on the server as complete small pages: the critical CSS
 * inline, no framework, and every value escaped by the `html` template (a value becomes markup
 * only when it is already an {@link Html}). Forms are plain HTML forms, so every page works
 * without JavaScript; the small client script (src/web/board/board.ts) adds the GPS button, the
 * map and the poster's print button.
 */
import { th, en } from '../../web/messages/board.ts';
import { CONSENT_VERSION, FEEDBACK_LIMITS, MEETS } from '../../shared/feedback-types.ts';
import { formatDate, formatFiscalYear, thaiMidnight } from '../../shared/fiscal.ts';
import type { AreaItem, BoardArea, BoardComment, BoardProject, EvaluationSummary, SubdistrictBoard } from './service.ts';

export type Lang = 'th' | 'en';
export type MessageKey = keyof typeof th;
const DICTS: Record<Lang, Record<MessageKey, string>> = { th, en };

/** Markup that is already safe: made by {@link html} or {@link raw}. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Trusted markup (our own CSS, an SVG the server drew); never for a value that came from a person or the database. */
export const raw = (s: string): Html => new Html(s);

function piece(v: unknown): string {
  if (v == null || v === false || v === true) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(piece).join('');
  return esc(String(v));
}

/** The template of every page: values are escaped unless they are {@link Html}; arrays are joined; null and booleans vanish. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += piece(values[i]) + strings[i + 1];
  return new Html(out);
}

/** A string of the board in `lang`, with `{name}` filled in (as text: the template escapes it). */
export function t(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return DICTS[lang][key].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** The language a request asks for: English only when it says `en`, Thai otherwise. */
export function langOf(v: unknown): Lang {
  return v === 'en' ? 'en' : 'th';
}

/** A board link in `lang` (English adds ?lang=en; Thai is the default and needs nothing). */
export function href(lang: Lang, path: string, params: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') q.set(k, v);
  if (lang === 'en') q.set('lang', 'en');
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

const numberFormat = (lang: Lang, digits = 0) => new Intl.NumberFormat(lang === 'th' ? 'th-TH' : 'en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

/** A calendar date YYYY-MM-DD as people read it (Buddhist Era in Thai). */
function formatDay(day: string, lang: Lang): string {
  const [y, m, d] = day.split('-').map(Number);
  return formatDate(thaiMidnight(y, m, d), lang);
}

const isBangkok = (code: string) => code.startsWith('10');

/**
 * A name with its administrative word ("ตำบล" + "ในเมือง"), unless the name already holds that
 * word (an imported "จังหวัดสาธิต" is not "จังหวัดจังหวัดสาธิต", nor "Demo province" "Demo province province").
 */
function named(lang: Lang, key: MessageKey, name: string): string {
  const word = t(lang, key, { name: '' }).trim().toLowerCase();
  return word && name.toLowerCase().includes(word) ? name : t(lang, key, { name });
}

/** "ตำบลในเมือง" / "Nai Mueang". */
export function subdistrictName(a: Pick<AreaItem, 'code' | 'nameTh' | 'nameEn'>, lang: Lang): string {
  const name = lang === 'en' ? a.nameEn || a.nameTh : a.nameTh;
  return named(lang, isBangkok(a.code) ? 'boardSubdistrictBkk' : 'boardSubdistrict', name);
}

/** "อำเภอเมืองสุรินทร์ จังหวัดสุรินทร์" / "Mueang Surin district, Surin province". */
export function placeOf(a: AreaItem, lang: Lang): string {
  const bkk = isBangkok(a.code);
  const district = lang === 'en' ? a.districtEn || a.districtTh : a.districtTh;
  const province = lang === 'en' ? a.provinceEn || a.provinceTh : a.provinceTh;
  const parts: string[] = [];
  if (district) parts.push(named(lang, bkk ? 'boardDistrictBkk' : 'boardDistrict', district));
  if (province) parts.push(named(lang, bkk ? 'boardProvinceBkk' : 'boardProvince', province));
  return parts.join(lang === 'en' ? ', ' : ' ');
}

/* ------------------------------------------------------------------ the page frame */

/** The files of the built client the pages refer to (from the Vite manifest); null when the web app is not built. */
export interface Assets {
  script: string | null;
  fonts: { thai: string | null; latin: string | null };
}

/**
 * The whole stylesheet, inline: no request before the first paint. The font list names a Thai
 * font of each platform (Android, Apple, Windows, Linux) before the generic family, so the page
 * paints at once in the phone's own Thai font while Sarabun loads (font-display: swap), without a
 * search for a font that has Thai letters. Cards after the first and the sections below the list
 * are laid out only when they come near the screen (content-visibility), which keeps a slow phone's
 * first layout short.
 */
const CSS = `:root{--ink:#1d2733;--soft:#4a5868;--line:#d5dbe2;--bg:#f3f5f7;--navy:#0d3559;--blue:#0b5cad;--green:#1e7b3c;--amber:#8a5a00;--red:#b3261e}
*{box-sizing:border-box}html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.6 Sarabun,"Noto Sans Thai","Noto Sans Thai UI",Thonburi,"Leelawadee UI",Leelawadee,Garuda,Loma,Tahoma,sans-serif;color:var(--ink);background:var(--bg);overflow-wrap:anywhere}
a{color:var(--blue)}.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:9}
.top{display:flex;align-items:center;justify-content:space-between;gap:8px;background:var(--navy);color:#fff;padding:10px 16px}
.top a{color:#fff;text-decoration:none}.brand{font-weight:600;line-height:1.3}.brand b{color:#f1c24e;margin-right:6px}
.lang{border:1px solid rgba(255,255,255,.7);border-radius:4px;padding:3px 10px;font-size:15px;white-space:nowrap}
main{max-width:720px;margin:0 auto;padding:12px 16px}
h1{font-size:24px;line-height:1.3;margin:6px 0}h2{font-size:20px;line-height:1.35;margin:24px 0 8px}h3{font-size:18px;line-height:1.4;margin:0 0 4px}h4{font-size:15px;margin:0}
p{margin:6px 0}.muted,.crumb{color:var(--soft)}.crumb{font-size:15px;margin:0}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px;margin:0 0 12px}
.plain{list-style:none;margin:0;padding:0}
.facts{display:grid;grid-template-columns:minmax(0,8.5em) minmax(0,1fr);gap:2px 12px;margin:8px 0;font-size:15px}.facts dt{color:var(--soft)}.facts dd{margin:0}
.st{display:inline-block;border-radius:10px;padding:0 8px;font-size:14px;background:#e7f0fa;color:var(--blue)}
.st-done{background:#e7f5ec;color:var(--green)}.st-cancelled{background:#fdecea;color:var(--red)}.st-planned{background:#eef0f3;color:var(--soft)}
progress{width:100%;max-width:240px;height:10px;accent-color:var(--green);vertical-align:middle}
.eval{border-top:1px solid var(--line);margin-top:10px;padding-top:8px;font-size:15px}
.bar3{display:flex;height:8px;border-radius:4px;overflow:hidden;background:#eef0f3;margin:6px 0;max-width:320px}
.bar3 i{display:block}.bar3 .y{background:var(--green)}.bar3 .p{background:#d9a400}.bar3 .n{background:var(--red)}
.toofew{color:var(--amber)}
.btn{display:inline-flex;align-items:center;justify-content:center;background:var(--blue);color:#fff;border:1px solid var(--blue);border-radius:6px;padding:8px 16px;font:inherit;font-weight:600;text-decoration:none;cursor:pointer;min-height:44px}
.btn2{background:#fff;color:var(--blue)}.row{display:flex;flex-wrap:wrap;gap:8px;margin:10px 0}
.search{display:flex;gap:8px}.search input{flex:1;min-width:0}
input[type=search],input[type=text],input[type=tel],input[type=email],select,textarea{width:100%;font:inherit;padding:8px 10px;border:1px solid #7d8995;border-radius:6px;background:#fff;color:inherit;min-height:44px}
textarea{min-height:110px;resize:vertical}
label,legend{display:block;font-weight:600;margin:14px 0 4px;padding:0}.hint{font-size:14px;color:var(--soft);margin:2px 0}
.err{color:var(--red);font-weight:600;margin:4px 0}.bad input,.bad textarea,.bad select{border-color:var(--red)}
fieldset{border:0;padding:0;margin:10px 0 0;min-width:0}
.choices{display:flex;flex-wrap:wrap;gap:8px}
.choices label{font-weight:400;margin:0;border:1px solid #7d8995;border-radius:6px;padding:6px 12px;background:#fff;display:flex;align-items:center;gap:6px;min-height:44px;cursor:pointer}
.choices label:has(input:checked){border-color:var(--blue);background:#e7f0fa;box-shadow:0 0 0 1px var(--blue)}
.choices input{width:18px;height:18px;margin:0}
.contact{border:1px solid var(--line);border-radius:8px;padding:4px 12px 12px;margin-top:16px;background:#fafbfc}
.consent{display:flex;gap:10px;align-items:flex-start;font-weight:400;font-size:15px}.consent input{margin-top:4px;width:22px;height:22px;flex:none}
.hp{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}
.map{height:240px;border:1px solid var(--line);border-radius:8px;background:#e4ebf0;display:flex;align-items:center;justify-content:center;text-align:center;padding:0 16px;color:var(--soft);font-size:15px;overflow:hidden;margin:8px 0 4px}
.map.on{padding:0;display:block}.map[data-state=unavailable],.map[data-state=failed]{height:auto;padding:12px 16px}
.alert{border-radius:6px;padding:10px 14px;margin:12px 0;background:#fdecea;color:var(--red);border:1px solid #f3b4ae}
.alert.ok{background:#e7f5ec;color:var(--green);border-color:#a9d9b8}
.comment{border-top:1px solid var(--line);padding:8px 0}.comment p{white-space:pre-line;margin:0}.comment .muted{font-size:14px}
.results a{display:block;padding:10px 0;border-top:1px solid var(--line);text-decoration:none}.results small{display:block;color:var(--soft)}
footer{max-width:720px;margin:16px auto 0;padding:0 16px 32px;font-size:14px;color:var(--soft)}
#projects>li:nth-child(n+2),main>section,footer{content-visibility:auto;contain-intrinsic-size:auto 420px}`;

const POSTER_CSS = `@page{size:A4 portrait;margin:14mm}
.poster main{max-width:780px}.poster h1{font-size:30px;text-align:center;margin-top:12px}.poster .sub{text-align:center;font-size:18px}
.qr{display:block;width:72%;max-width:340px;margin:16px auto 8px}.qr svg{display:block;width:100%;height:auto}
.scan{font-size:20px;text-align:center;font-weight:600;margin:8px 0}.url{text-align:center;font-size:17px;word-break:break-all}
.poster ol{font-size:16px;padding-left:24px}.sign{margin-top:24px;font-size:16px}.sign span{display:inline-block;min-width:60%;border-bottom:1px dotted #555}
@media print{.top,.noprint,footer{display:none!important}body{background:#fff}.poster main{padding:0}.card{border:0;padding:0}}`;

function fontFaces(assets: Assets): string {
  // Swap: the page paints at once in the phone's own Thai font and changes to Sarabun when it arrives.
  const face = (url: string, range: string) =>
    `@font-face{font-family:Sarabun;font-style:normal;font-weight:400;font-display:swap;src:url(${url}) format('woff2');unicode-range:${range}}`;
  let s = '';
  if (assets.fonts.thai) s += face(assets.fonts.thai, 'U+02D7,U+0303,U+0331,U+0E01-0E5B,U+200C-200D,U+25CC');
  if (assets.fonts.latin) s += face(assets.fonts.latin, 'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD');
  return s;
}

/** JSON inside a <script type="application/json">: "<" written as \u003c so no text can close the element. */
function jsonScript(id: string, value: unknown): Html {
  return raw(`<script type="application/json" id="${id}">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`);
}

export interface PageInput {
  lang: Lang;
  title: string;
  /** The path of this page for the language switch (GET), and its query without `lang`. */
  path: string;
  params?: Record<string, string | undefined>;
  body: Html;
  assets: Assets;
  /** Strings the client script needs on this page. */
  client?: MessageKey[];
  bodyClass?: string;
  description?: string;
}

/** A complete page: head with the inline CSS, the top bar with the language switch, the content, the footer. */
export function page(p: PageInput): string {
  const other: Lang = p.lang === 'th' ? 'en' : 'th';
  const client = Object.fromEntries((p.client ?? []).map((k) => [k, t(p.lang, k)]));
  const doc = html`<!doctype html>
<html lang="${p.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light">
<title>${p.title}</title>${p.description ? html`<meta name="description" content="${p.description}">` : ''}<link rel="icon" href="data:,">
<style>${raw(fontFaces(p.assets) + CSS + (p.bodyClass === 'poster' ? POSTER_CSS : ''))}</style>
${p.assets.script ? html`<script type="module" src="${p.assets.script}"></script>` : ''}
</head><body${p.bodyClass ? html` class="${p.bodyClass}"` : ''}><a class="skip" href="#main">${t(p.lang, 'boardSkip')}</a>
<header class="top"><a class="brand" href="${href(p.lang, '/board')}"><b>COMAP</b>${t(p.lang, 'boardSiteName')}</a><a class="lang" href="${href(other, p.path, p.params)}" lang="${other}" hreflang="${other}" aria-label="${t(p.lang, 'boardLangSwitchLabel')}">${t(p.lang, 'boardLangSwitch')}</a></header>
<main id="main">${p.body}</main>
<footer><p>${t(p.lang, 'boardFooter')}</p><p>${t(p.lang, 'boardFooterPrivacy')}</p></footer>
${p.client?.length ? jsonScript('board-i18n', client) : ''}</body></html>`;
  return doc.value;
}

/* ------------------------------------------------------------------ pieces */

function statusBadge(lang: Lang, status: string): Html {
  return html`<span class="st st-${status}">${t(lang, `boardStatus_${status}` as MessageKey)}</span>`;
}

function scheduleText(lang: Lang, s: { startDate: string | null; endDate: string | null }): string {
  if (s.startDate && s.endDate) return t(lang, 'boardScheduleRange', { start: formatDay(s.startDate, lang), end: formatDay(s.endDate, lang) });
  if (s.startDate) return t(lang, 'boardScheduleFrom', { start: formatDay(s.startDate, lang) });
  if (s.endDate) return t(lang, 'boardScheduleUntil', { end: formatDay(s.endDate, lang) });
  return t(lang, 'boardScheduleNone');
}

function areasText(lang: Lang, p: BoardProject): string {
  const villages = p.areas.filter((a) => a.level === 4).map((a) => (lang === 'en' ? a.nameEn || a.nameTh : a.nameTh));
  const whole = p.areas.some((a) => a.level === 3);
  const parts = whole ? [t(lang, 'boardWholeSubdistrict')] : villages;
  let s = parts.join(lang === 'en' ? ', ' : ' ');
  if (p.otherSubdistricts > 0) s += ` ${t(lang, 'boardAlsoElsewhere', { n: p.otherSubdistricts })}`;
  return s;
}

/** The facts of a project that its agency made public. */
function facts(lang: Lang, p: BoardProject, full: boolean): Html {
  const nf = numberFormat(lang, 2);
  const rows: Html[] = [];
  const row = (k: MessageKey, v: Html | string) => rows.push(html`<dt>${t(lang, k)}</dt><dd>${v}</dd>`);
  row('boardAgency', lang === 'en' ? p.agency.nameEn || p.agency.nameTh : p.agency.nameTh);
  if (p.status) row('boardStatus', statusBadge(lang, p.status));
  if (p.budget) row('boardBudget', full ? `${t(lang, 'boardBaht', { n: nf.format(p.budget.baht) })} (${t(lang, `boardSource_${p.budget.source}` as MessageKey)})` : t(lang, 'boardBaht', { n: nf.format(p.budget.baht) }));
  if (p.schedule) row('boardSchedule', scheduleText(lang, p.schedule));
  if (p.publicFields.includes('progress')) {
    row('boardProgress', p.progress
      ? html`<progress max="100" value="${p.progress.percentDone}">${p.progress.percentDone}%</progress> ${t(lang, 'boardProgressValue', { p: numberFormat(lang, 1).format(p.progress.percentDone), q: p.progress.quarter, fy: p.progress.fiscalYear })}`
      : t(lang, 'boardProgressNone'));
  }
  row('boardWhere', areasText(lang, p));
  if (full && p.responsibleName) row('boardResponsible', p.responsibleName);
  return html`<dl class="facts">${rows}</dl>`;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** One period's evaluation of a project, or "none yet". */
function evaluationBlock(lang: Lang, e: EvaluationSummary | null, title: string, fallbackMin: number): Html {
  if (!e) return html`<div class="eval" data-answers="0" data-evaluation="none"><h4>${title}</h4><p class="muted">${t(lang, 'boardEvalNone')}</p></div>`;
  const share = e.shareMeets;
  const mean = e.meanRating;
  const state = e.state === 'closed' ? t(lang, 'boardEvalClosed') : t(lang, 'boardEvalProvisional', { date: formatDate(new Date(e.computedAt), lang, { time: true }) });
  const bar = e.answers > 0
    ? html`<div class="bar3" aria-hidden="true"><i class="y" style="width:${pct(e.yes / e.answers)}"></i><i class="p" style="width:${pct(e.partly / e.answers)}"></i><i class="n" style="width:${pct(e.no / e.answers)}"></i></div>`
    : '';
  if (e.answers === 0) {
    return html`<div class="eval" data-answers="0" data-evaluation="too-few"><h4>${title}</h4><p class="muted">${t(lang, 'boardEvalNoAnswers')}</p><p class="hint">${state}</p></div>`;
  }
  const figures = html`<p${e.tooFew ? html` class="muted"` : ''}>${share != null ? html`<strong class="share">${t(lang, 'boardEvalMeets', { p: Math.round(share * 100) })}</strong> · ` : ''}${mean != null ? t(lang, 'boardEvalRating', { r: numberFormat(lang, 1).format(mean) }) : t(lang, 'boardEvalNoRating')} · <span class="answers">${t(lang, 'boardEvalAnswers', { n: e.answers })}</span></p>`;
  return html`<div class="eval" data-answers="${e.answers}" data-evaluation="${e.tooFew ? 'too-few' : 'judged'}"><h4>${title}</h4>${bar}${figures}${e.tooFew ? html`<p class="toofew">${t(lang, 'boardEvalTooFew', { min: e.minAnswers || fallbackMin })}</p>` : ''}<p class="hint">${state}</p></div>`;
}

function quarterTitle(lang: Lang, b: SubdistrictBoard): string {
  return t(lang, 'boardEvalTitle', { q: b.quarter, fy: b.fiscalYear });
}

function commentList(lang: Lang, comments: BoardComment[], titles: Map<number, string> | null, boardPath: string): Html {
  if (!comments.length) return html`<p class="muted">${t(lang, 'boardNoComments')}</p>`;
  return html`<ul class="plain comments">${comments.map((c) => {
    const village = c.villageTh ? t(lang, 'boardCommentVillage', { name: lang === 'en' ? c.villageEn || c.villageTh : c.villageTh }) : t(lang, 'boardCommentNoVillage');
    const title = titles?.get(c.projectId);
    return html`<li class="comment" data-project="${c.projectId}"><p>${c.text}</p><span class="muted">${village} · ${formatDate(new Date(c.date), lang)}${title ? html` · <a href="${href(lang, `${boardPath}/p/${c.projectId}`)}">${t(lang, 'boardCommentAbout', { title })}</a>` : ''}</span></li>`;
  })}</ul>`;
}

/* ------------------------------------------------------------------ pages */

export interface HomeInput {
  lang: Lang;
  assets: Assets;
  q: string;
  results: AreaItem[] | null;
  /** More matched than shown. */
  truncated: boolean;
}

function searchForm(lang: Lang, q: string): Html {
  return html`<form class="card" id="board-search" action="/board" method="get" role="search">
<label for="q">${t(lang, 'boardSearchLabel')}</label>
<div class="search"><input type="search" id="q" name="q" value="${q}" maxlength="100" autocomplete="off" enterkeyhint="search" aria-describedby="q-hint" required>${lang === 'en' ? html`<input type="hidden" name="lang" value="en">` : ''}<button class="btn" type="submit">${t(lang, 'boardSearchButton')}</button></div>
<p class="hint" id="q-hint">${t(lang, 'boardSearchHint')}</p>
<div class="row"><button class="btn btn2" type="button" id="board-gps" hidden>${t(lang, 'boardGpsButton')}</button></div>
<p id="board-gps-msg" role="status" aria-live="polite"></p>
<p class="hint">${t(lang, 'boardQrHint')}</p>
</form>`;
}

/** GET /board and /board?q=...: the search (and the GPS button the script shows). */
export function homePage(i: HomeInput): string {
  const { lang } = i;
  let results: Html | string = '';
  if (i.results) {
    const head = i.results.length
      ? t(lang, i.truncated ? 'boardResultsMany' : 'boardResults', { q: i.q, n: i.results.length })
      : t(lang, 'boardNoResults', { q: i.q });
    results = html`<section aria-labelledby="results-h"><h2 id="results-h">${head}</h2>${i.results.length ? html`<nav class="card results"><ul class="plain">${i.results.map((a) => html`<li><a href="${href(lang, `/board/t/${a.code}`)}">${subdistrictName(a, lang)}<small>${placeOf(a, lang)}</small></a></li>`)}</ul></nav>` : ''}</section>`;
  }
  return page({
    lang, assets: i.assets, path: '/board', params: { q: i.q || undefined },
    title: `${i.q ? `${i.q} · ` : ''}${t(lang, 'boardHomeTitle')} · COMAP`,
    description: t(lang, 'boardHomeIntro'),
    client: ['boardGpsLocating', 'boardGpsDenied', 'boardGpsFailed', 'boardGpsNone'],
    body: html`<h1>${t(lang, 'boardHomeTitle')}</h1><p>${t(lang, 'boardHomeIntro')}</p>${searchForm(lang, i.q)}${results}`,
  });
}

function areaHeader(lang: Lang, area: BoardArea, level: 'h1' | 'p' = 'h1'): Html {
  const name = subdistrictName(area, lang);
  return html`<p class="crumb">${placeOf(area, lang)} · <a href="${href(lang, '/board')}">${t(lang, 'boardOtherSubdistrict')}</a></p>${level === 'h1' ? html`<h1>${name}</h1>` : html`<p><strong>${name}</strong></p>`}`;
}

export interface SubdistrictInput {
  lang: Lang;
  assets: Assets;
  board: SubdistrictBoard;
  /** The XYZ basemap the administrator configured, drawn under the map; none: a plain background. */
  basemap?: { url: string; attribution: string | null } | null;
}

/** GET /board/t/:code: the map, the list of projects with their evaluation, the comments, the links to the need form and the poster. */
export function subdistrictPage(i: SubdistrictInput): string {
  const { lang, board: b } = i;
  const base = `/board/t/${b.area.code}`;
  const fy = formatFiscalYear(b.fiscalYear, lang);
  const titles = new Map(b.projects.map((p) => [p.id, p.title]));
  const list = b.projects.length
    ? html`<ul class="plain" id="projects">${b.projects.map((p) => html`<li class="card project" id="p-${p.id}" data-project="${p.id}">
<h3><a href="${href(lang, `${base}/p/${p.id}`)}">${p.title}</a></h3>${facts(lang, p, false)}${evaluationBlock(lang, p.evaluation.quarter, quarterTitle(lang, b), b.evaluation.minAnswers)}
<div class="row"><a class="btn" href="${href(lang, `${base}/p/${p.id}`)}#answer">${t(lang, 'boardAnswerCta')}</a></div></li>`)}</ul>`
    : html`<p class="card muted" id="projects">${t(lang, 'boardNoProjects', { fy })}</p>`;
  const map = html`<div id="board-map" class="map" role="region" aria-label="${t(lang, 'boardMapLabel')}" data-src="${base}/map.geojson" data-lang="${lang}" data-bbox="${b.area.bbox.join(',')}" data-base="${base}"${i.basemap ? html` data-tiles="${i.basemap.url}" data-attribution="${i.basemap.attribution ?? ''}"` : ''}><p id="board-map-msg">${t(lang, 'boardMapLoading')}</p></div><noscript><style>#board-map-msg{display:none}</style><p class="hint">${t(lang, 'boardMapNoScript')}</p></noscript>`;
  return page({
    lang, assets: i.assets, path: base,
    title: `${subdistrictName(b.area, lang)} · ${t(lang, 'boardSiteName')} · COMAP`,
    description: `${t(lang, 'boardProjectsTitle', { fy })}: ${subdistrictName(b.area, lang)} ${placeOf(b.area, lang)}`,
    client: ['boardMapUnavailable', 'boardMapFailed', 'boardMapOpenProject', 'boardMapTwoFingers', 'boardMapCtrlScroll', 'boardMapCmdScroll'],
    body: html`${areaHeader(lang, b.area)}
<h2 id="projects-h">${t(lang, 'boardProjectsTitle', { fy })} <span class="muted">(${t(lang, 'boardProjectCount', { n: b.projects.length })})</span></h2>
${map}${list}
<section aria-labelledby="comments-h"><h2 id="comments-h">${t(lang, 'boardCommentsTitle')}</h2><div class="card">${commentList(lang, b.comments, titles, base)}</div></section>
<section class="card" aria-labelledby="need-h"><h2 id="need-h" style="margin-top:0">${t(lang, 'boardNeedTeaserTitle')}</h2><p>${t(lang, 'boardNeedTeaserText')}</p><div class="row"><a class="btn" href="${href(lang, `${base}/need`)}">${t(lang, 'boardNeedLink')}</a></div></section>
<p><a href="${href(lang, `${base}/poster`)}">${t(lang, 'boardPosterLink')}</a></p>`,
  });
}

/* ------------------------------------------------------------------ forms */

/** What a person typed into a form, given back when it must be corrected. */
export type FormValues = Record<string, string>;
/** Messages by form field (meets, rating, comment, villageCode, consent, name, phone, email, categoryCode, description). */
export type FormErrors = Record<string, string>;

export interface FormState {
  values: FormValues;
  errors: FormErrors;
  /** A message for the whole form (too many requests, something else). */
  message?: string;
}

function fieldError(errors: FormErrors, name: string): Html | string {
  return errors[name] ? html`<p class="err" id="${name}-err">${errors[name]}</p>` : '';
}

const describedBy = (errors: FormErrors, name: string, hint?: string) => {
  const ids = [hint, errors[name] ? `${name}-err` : undefined].filter(Boolean).join(' ');
  return ids ? html` aria-describedby="${ids}"` : '';
};

function villageSelect(lang: Lang, area: BoardArea, s: FormState): Html | string {
  if (!area.villages.length) return '';
  const v = s.values.villageCode ?? '';
  return html`<div class="${s.errors.villageCode ? 'bad' : ''}"><label for="villageCode">${t(lang, 'boardVillage')}</label>${fieldError(s.errors, 'villageCode')}
<select id="villageCode" name="villageCode"${describedBy(s.errors, 'villageCode')}><option value="">${t(lang, 'boardVillageNone')}</option>${area.villages.map((x) => html`<option value="${x.code}"${x.code === v ? ' selected' : ''}>${lang === 'en' ? x.nameEn || x.nameTh : x.nameTh}</option>`)}</select></div>`;
}

function contactBlock(lang: Lang, s: FormState, retentionDays: number): Html {
  const e = s.errors;
  const input = (name: 'name' | 'phone' | 'email', label: MessageKey, type: string, max: number, auto: string) => html`<div class="${e[name] ? 'bad' : ''}"><label for="c-${name}">${t(lang, label)}</label>${fieldError(e, name)}<input type="${type}" id="c-${name}" name="${name}" value="${s.values[name] ?? ''}" maxlength="${max}" autocomplete="${auto}"${describedBy(e, name)}></div>`;
  return html`<fieldset class="contact"><legend>${t(lang, 'boardContactLegend')}</legend><p class="hint">${t(lang, 'boardContactIntro')}</p>
${input('name', 'boardContactName', 'text', FEEDBACK_LIMITS.nameChars, 'name')}${input('phone', 'boardContactPhone', 'tel', FEEDBACK_LIMITS.phoneChars, 'tel')}${input('email', 'boardContactEmail', 'email', FEEDBACK_LIMITS.emailChars, 'email')}
<div class="${e.consent ? 'bad' : ''}">${fieldError(e, 'consent')}<label class="consent"><input type="checkbox" name="consent" value="yes" id="consent"${s.values.consent === 'yes' ? ' checked' : ''}${describedBy(e, 'consent')}><span>${t(lang, 'boardConsent', { days: retentionDays })}</span></label>
<p class="hint">${t(lang, 'boardConsentVersion', { v: CONSENT_VERSION })}</p></div></fieldset>`;
}

const honeypot = (lang: Lang) => html`<div class="hp" aria-hidden="true"><label for="website">${t(lang, 'boardHoneypot')}</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off" value=""></div>`;

function formAlert(lang: Lang, s: FormState): Html | string {
  if (s.message) return html`<p class="alert" role="alert" id="form-alert">${s.message}</p>`;
  if (Object.keys(s.errors).length) return html`<p class="alert" role="alert" id="form-alert">${t(lang, 'boardErrSummary')}</p>`;
  return '';
}

function answerForm(lang: Lang, b: SubdistrictBoard, p: BoardProject, s: FormState, retentionDays: number): Html {
  const action = href(lang, `/board/t/${b.area.code}/p/${p.id}`);
  const e = s.errors;
  return html`<form class="card" id="answer" method="post" action="${action}#answer" novalidate>
<h2 style="margin-top:0">${t(lang, 'boardFormTitle')}</h2><p class="hint">${t(lang, 'boardFormIntro')}</p>${formAlert(lang, s)}
<fieldset class="${e.meets ? 'bad' : ''}"${describedBy(e, 'meets')}><legend>${t(lang, 'boardMeets')} <span class="muted">${t(lang, 'boardRequired')}</span></legend>${fieldError(e, 'meets')}<div class="choices">${MEETS.map((m) => html`<label><input type="radio" name="meets" value="${m}"${s.values.meets === m ? ' checked' : ''} required>${t(lang, `boardMeets_${m}` as MessageKey)}</label>`)}</div></fieldset>
<fieldset class="${e.rating ? 'bad' : ''}"${describedBy(e, 'rating')}><legend>${t(lang, 'boardRating')} <span class="muted">${t(lang, 'boardRequired')}</span></legend>${fieldError(e, 'rating')}<div class="choices">${[1, 2, 3, 4, 5].map((n) => html`<label><input type="radio" name="rating" value="${n}"${s.values.rating === String(n) ? ' checked' : ''} required aria-label="${t(lang, 'boardRatingValue', { n })}">${n}</label>`)}</div></fieldset>
<div class="${e.comment ? 'bad' : ''}"><label for="comment">${t(lang, 'boardComment')}</label>${fieldError(e, 'comment')}<textarea id="comment" name="comment" maxlength="${FEEDBACK_LIMITS.commentChars}"${describedBy(e, 'comment', 'comment-hint')}>${s.values.comment ?? ''}</textarea><p class="hint" id="comment-hint">${t(lang, 'boardCommentHint', { n: FEEDBACK_LIMITS.commentChars })}</p></div>
${villageSelect(lang, b.area, s)}${contactBlock(lang, s, retentionDays)}${honeypot(lang)}
<div class="row"><button class="btn" type="submit">${t(lang, 'boardSubmitAnswer')}</button></div></form>`;
}

export interface ProjectInput {
  lang: Lang;
  assets: Assets;
  board: SubdistrictBoard;
  form: FormState;
  retentionDays: number;
}

/** GET (and a POST with errors) /board/t/:code/p/:id: the project's public facts, evaluation and comments, and the answer form. */
export function projectPage(i: ProjectInput): string {
  const { lang, board: b } = i;
  const p = b.projects[0];
  const base = `/board/t/${b.area.code}`;
  const nf = numberFormat(lang);
  const outputs = p.outputs?.length
    ? html`<h4 style="margin-top:10px">${t(lang, 'boardOutputs')}</h4><ul>${p.outputs.map((o) => html`<li>${o.achieved != null
      ? t(lang, 'boardOutputAchieved', { name: o.name, achieved: nf.format(o.achieved), target: nf.format(o.target), unit: o.unit })
      : t(lang, 'boardOutputTarget', { name: o.name, target: nf.format(o.target), unit: o.unit })}</li>`)}</ul>`
    : '';
  return page({
    lang, assets: i.assets, path: `${base}/p/${p.id}`,
    title: `${p.title} · ${subdistrictName(b.area, lang)} · COMAP`,
    description: p.objectives ?? p.title,
    body: html`${areaHeader(lang, b.area, 'p')}<article class="card project" data-project="${p.id}"><h1>${p.title}</h1>${facts(lang, p, true)}
${p.objectives ? html`<h4>${t(lang, 'boardObjectives')}</h4><p style="white-space:pre-line">${p.objectives}</p>` : ''}${outputs}
${evaluationBlock(lang, p.evaluation.quarter, quarterTitle(lang, b), b.evaluation.minAnswers)}${p.evaluation.year ? evaluationBlock(lang, p.evaluation.year, t(lang, 'boardEvalYearTitle', { fy: b.fiscalYear }), b.evaluation.minAnswers) : ''}</article>
${answerForm(lang, b, p, i.form, i.retentionDays)}
<section aria-labelledby="comments-h"><h2 id="comments-h">${t(lang, 'boardProjectCommentsTitle')}</h2><div class="card">${commentList(lang, b.comments, null, base)}</div></section>
<p><a href="${href(lang, base)}">${t(lang, 'boardBackToBoard', { name: subdistrictName(b.area, lang) })}</a></p>`,
  });
}

export interface ThanksInput {
  lang: Lang;
  assets: Assets;
  area: BoardArea;
  kind: 'answer' | 'need';
  projectId?: number;
  fiscalYear: number;
  quarter: number;
  replaced: boolean;
  withContact: boolean;
}

/** The answer to a form sent without error. */
export function thanksPage(i: ThanksInput): string {
  const { lang, area } = i;
  const base = `/board/t/${area.code}`;
  const name = subdistrictName(area, lang);
  const answer = i.kind === 'answer';
  return page({
    lang, assets: i.assets, path: answer ? `${base}/p/${i.projectId}` : `${base}/need`,
    title: `${t(lang, answer ? 'boardThanksTitle' : 'boardNeedThanksTitle')} · COMAP`,
    body: html`${areaHeader(lang, area, 'p')}<section class="card" id="thanks" data-kind="${i.kind}"><h1>${t(lang, answer ? 'boardThanksTitle' : 'boardNeedThanksTitle')}</h1>
<p class="alert ok" role="status">${answer ? t(lang, 'boardThanksText', { q: i.quarter, fy: i.fiscalYear }) : t(lang, 'boardNeedThanksText', { name })}</p>
${i.replaced ? html`<p id="thanks-replaced">${t(lang, 'boardThanksReplaced')}</p>` : ''}${i.withContact ? html`<p>${t(lang, 'boardThanksContact')}</p>` : ''}
<div class="row"><a class="btn" href="${href(lang, base)}">${t(lang, 'boardBackToBoard', { name })}</a>${answer ? html`<a class="btn btn2" href="${href(lang, `${base}/p/${i.projectId}`)}">${t(lang, 'boardBackToProject')}</a>` : ''}</div></section>`,
  });
}

export interface NeedInput {
  lang: Lang;
  assets: Assets;
  area: BoardArea;
  categories: Array<{ code: string; labelTh: string; labelEn: string }>;
  form: FormState;
  retentionDays: number;
}

/** GET (and a POST with errors) /board/t/:code/need: the form for a need of the sub-district. */
export function needPage(i: NeedInput): string {
  const { lang, area, form: s } = i;
  const e = s.errors;
  const base = `/board/t/${area.code}`;
  const name = subdistrictName(area, lang);
  const cat = s.values.categoryCode ?? '';
  return page({
    lang, assets: i.assets, path: `${base}/need`,
    title: `${t(lang, 'boardNeedTitle', { name })} · COMAP`,
    body: html`${areaHeader(lang, area, 'p')}<form class="card" id="need" method="post" action="${href(lang, `${base}/need`)}" novalidate>
<h1>${t(lang, 'boardNeedTitle', { name })}</h1><p class="hint">${t(lang, 'boardNeedIntro')}</p>${formAlert(lang, s)}
<div class="${e.categoryCode ? 'bad' : ''}"><label for="categoryCode">${t(lang, 'boardNeedCategory')} <span class="muted">${t(lang, 'boardRequired')}</span></label>${fieldError(e, 'categoryCode')}
<select id="categoryCode" name="categoryCode" required${describedBy(e, 'categoryCode')}><option value="">${t(lang, 'boardNeedCategoryChoose')}</option>${i.categories.map((c) => html`<option value="${c.code}"${c.code === cat ? ' selected' : ''}>${lang === 'en' ? c.labelEn : c.labelTh}</option>`)}</select></div>
<div class="${e.description ? 'bad' : ''}"><label for="description">${t(lang, 'boardNeedDescription')} <span class="muted">${t(lang, 'boardRequired')}</span></label>${fieldError(e, 'description')}<textarea id="description" name="description" maxlength="${FEEDBACK_LIMITS.needChars}" required${describedBy(e, 'description', 'description-hint')}>${s.values.description ?? ''}</textarea><p class="hint" id="description-hint">${t(lang, 'boardNeedDescriptionHint', { n: FEEDBACK_LIMITS.needChars })}</p></div>
${villageSelect(lang, area, s)}${contactBlock(lang, s, i.retentionDays)}${honeypot(lang)}
<div class="row"><button class="btn" type="submit">${t(lang, 'boardSubmitNeed')}</button></div></form>
<p><a href="${href(lang, base)}">${t(lang, 'boardBackToBoard', { name })}</a></p>`,
  });
}

export interface PosterInput {
  lang: Lang;
  assets: Assets;
  board: SubdistrictBoard;
  /** The absolute address the QR code holds. */
  url: string;
  /** The QR code as SVG markup drawn by the server. */
  qrSvg: string;
  now: Date;
}

/** How many project titles a poster lists (an A4 page holds about this many under the QR code). */
export const POSTER_PROJECTS = 10;

/** GET /board/t/:code/poster: an A4 notice with the QR code of the board, for a council to print. */
export function posterPage(i: PosterInput): string {
  const { lang, board: b } = i;
  const name = subdistrictName(b.area, lang);
  const agencies = new Set(b.projects.map((p) => p.agency.nameTh)).size;
  const shown = b.projects.slice(0, POSTER_PROJECTS);
  return page({
    lang, assets: i.assets, path: `/board/t/${b.area.code}/poster`, bodyClass: 'poster',
    title: `${t(lang, 'boardPosterTitle', { name })} · COMAP`,
    body: html`<p class="noprint hint">${t(lang, 'boardPosterPrintHint')}</p><div class="row noprint"><button class="btn" type="button" id="board-print" hidden>${t(lang, 'boardPosterPrint')}</button><a class="btn btn2" href="${href(lang, `/board/t/${b.area.code}`)}">${t(lang, 'boardBackToBoard', { name })}</a></div>
<article class="card" id="poster"><h1>${t(lang, 'boardPosterTitle', { name })}</h1><p class="sub">${t(lang, 'boardPosterSubtitle', { place: placeOf(b.area, lang), fy: formatFiscalYear(b.fiscalYear, lang) })}</p>
<div class="qr" role="img" aria-label="${t(lang, 'boardPosterQrLabel', { name })}">${raw(i.qrSvg)}</div>
<p class="scan">${t(lang, 'boardPosterScan')}</p><p class="url">${t(lang, 'boardPosterOrVisit')} <strong id="poster-url">${i.url}</strong></p><p class="hint" style="text-align:center">${t(lang, 'boardPosterFree')}</p>
${b.projects.length ? html`<h2>${t(lang, 'boardPosterCount', { n: b.projects.length, a: agencies })}</h2><ol>${shown.map((p) => html`<li>${p.title} <span class="muted">(${lang === 'en' ? p.agency.nameEn || p.agency.nameTh : p.agency.nameTh})</span></li>`)}</ol>${b.projects.length > shown.length ? html`<p class="muted">${t(lang, 'boardPosterMore', { n: b.projects.length - shown.length })}</p>` : ''}` : ''}
<p class="sign">${t(lang, 'boardPosterBy')} <span>&nbsp;</span></p><p class="hint">${t(lang, 'boardPosterDate', { date: formatDate(i.now, lang, { long: true }) })}</p></article>`,
  });
}

export interface ErrorInput {
  lang: Lang;
  assets: Assets;
  status: number;
  path: string;
}

/** A page for 404 (no such board or project), 400 and 500. */
export function errorPage(i: ErrorInput): string {
  const { lang } = i;
  const [title, text] = i.status === 404
    ? [t(lang, 'boardNotFoundTitle'), t(lang, 'boardNotFoundText')]
    : i.status < 500 ? [t(lang, 'boardBadRequestTitle'), t(lang, 'boardNotFoundText')] : [t(lang, 'boardErrorTitle'), t(lang, 'boardErrorText')];
  return page({
    lang, assets: i.assets, path: i.path.startsWith('/board') ? i.path : '/board', title: `${title} · COMAP`,
    body: html`<section class="card" id="error" data-status="${i.status}"><h1>${title}</h1><p>${text}</p><div class="row"><a class="btn" href="${href(lang, '/board')}">${t(lang, 'boardHomeLink')}</a></div></section>`,
  });
}
