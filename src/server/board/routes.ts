/**
 * The public project board (no sign-in): server-rendered HTML pages under /board, their forms
 * (plain HTML posts), the map's GeoJSON, and the board's JSON under /api/public.
 *
 * The pages are complete and small (inline CSS, compressed), so a cheap phone on a slow network
 * can read the list and use the forms before any script arrives. A device keeps a random token
 * in an httpOnly cookie the server sets (it works without JavaScript); the answer form passes it
 * as the clientId that allows one answer per device, project and quarter.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { errorResponses } from '../schema-common.ts';
import { submitAnswer, submitNeed, type PublicClient } from '../feedback/public-service.ts';
import type { Meets, PublicAnswerInput, PublicNeedInput } from '../../shared/feedback-types.ts';
import { FEEDBACK_LIMITS } from '../../shared/feedback-types.ts';
import * as svc from './service.ts';
import * as view from './render.ts';
import { qrSvg } from './qr.ts';
import { AnswerFormSchema, AreaItemSchema, CodeParams, HtmlPage, LangQuery, NeedFormSchema, ProjectParams, SubdistrictBoardSchema } from './schema.ts';

const WEB_DIST = fileURLToPath(new URL('../../../dist/web/', import.meta.url));
const MANIFEST = `${WEB_DIST}.vite/manifest.json`;

/** The device cookie: a random token, only for telling one device's answers from another's. */
export const DEVICE_COOKIE = 'comap_device';
const DEVICE_TOKEN = /^[A-Za-z0-9_-]{16,128}$/;
const DEVICE_MAX_AGE_S = 400 * 86400;

let assetsCache: { at: number; mtime: number; assets: view.Assets; files: Set<string> } | null = null;
/** Compressed copies of the board's files, by "file encoding"; emptied when the build changes. */
const compressedFiles = new Map<string, Buffer>();

interface ManifestEntry {
  file: string;
  css?: string[];
  assets?: string[];
  imports?: string[];
  dynamicImports?: string[];
}

const fileName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

function readManifest(now: number): NonNullable<typeof assetsCache> {
  let mtime = 0;
  try {
    mtime = statSync(MANIFEST).mtimeMs;
  } catch {
    return { at: now, mtime: 0, assets: { script: null, fonts: { thai: null, latin: null } }, files: new Set() };
  }
  if (assetsCache && assetsCache.mtime === mtime) return { ...assetsCache, at: now };
  compressedFiles.clear();
  const m = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, ManifestEntry>;
  // Every file the board's script can load: itself, the chunks it imports (MapLibre), their CSS
  // and assets (the worker); and the two Sarabun files of its @font-face.
  const files = new Set<string>();
  const walk = (key: string) => {
    const e = m[key];
    if (!e || files.has(fileName(e.file))) return;
    files.add(fileName(e.file));
    for (const f of [...(e.css ?? []), ...(e.assets ?? [])]) files.add(fileName(f));
    for (const k of [...(e.imports ?? []), ...(e.dynamicImports ?? [])]) walk(k);
  };
  walk('board/board.ts');
  const font = (suffix: string) => {
    const k = Object.keys(m).find((key) => key.endsWith(suffix));
    if (!k) return null;
    files.add(fileName(m[k].file));
    return `/board/assets/${fileName(m[k].file)}`;
  };
  const script = m['board/board.ts'] ? `/board/assets/${fileName(m['board/board.ts'].file)}` : null;
  const assets = { script, fonts: { thai: font('/sarabun-thai-400-normal.woff2'), latin: font('/sarabun-latin-400-normal.woff2') } };
  return { at: now, mtime, assets, files };
}

/**
 * The client files from the Vite manifest: the board script's hashed name and the Sarabun files
 * the web app bundles, served from /board/assets/. Read again when the build changes; without a
 * build the pages go without them (they work fully, without map, GPS button or web font).
 */
export function boardAssets(): view.Assets {
  const now = Date.now();
  if (!assetsCache || now - assetsCache.at >= 5000) assetsCache = readManifest(now);
  return assetsCache.assets;
}

const ASSET_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8', mjs: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', woff2: 'font/woff2',
};

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** The encodings a request accepts (a q of 0 refuses one). */
function accepts(req: FastifyRequest, encoding: string): boolean {
  const header = String(req.headers['accept-encoding'] ?? '');
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    return name.trim() === encoding && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
  });
}

/** Sends text compressed with brotli or gzip when the browser takes it (the server has no compression of its own). */
async function sendCompressed(req: FastifyRequest, reply: FastifyReply, status: number, type: string, text: string): Promise<FastifyReply> {
  const body = Buffer.from(text, 'utf8');
  reply.code(status).type(type).header('vary', 'accept-encoding').header('x-content-type-options', 'nosniff');
  if (body.length > 1024 && accepts(req, 'br')) {
    return reply.header('content-encoding', 'br').send(await brotli(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
  }
  if (body.length > 1024 && accepts(req, 'gzip')) return reply.header('content-encoding', 'gzip').send(await gz(body, { level: 6 }));
  return reply.send(body);
}

/** Scripts from this server only; styles inline (the critical CSS); the basemap host the administrator configured, if any. */
function contentSecurityPolicy(ctx: AppContext): string {
  let tiles = '';
  try {
    if (ctx.config.basemapUrl) tiles = ` ${new URL(ctx.config.basemapUrl.replace(/\{[^}]*\}/g, '0')).origin}`;
  } catch {
    tiles = '';
  }
  return [
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", `img-src 'self' data: blob:${tiles}`,
    `connect-src 'self'${tiles}`, "worker-src 'self' blob:", "font-src 'self'", "object-src 'none'", "base-uri 'none'",
    "form-action 'self'", "frame-ancestors 'none'",
  ].join('; ');
}

/** The device token from the cookie, or a new one set on the reply. */
function deviceToken(req: FastifyRequest, reply: FastifyReply, ctx: AppContext): string {
  const c = req.cookies?.[DEVICE_COOKIE];
  if (c && DEVICE_TOKEN.test(c)) return c;
  const token = randomBytes(24).toString('base64url');
  reply.setCookie(DEVICE_COOKIE, token, { path: '/board', httpOnly: true, sameSite: 'lax', secure: ctx.config.secureCookies, maxAge: DEVICE_MAX_AGE_S });
  return token;
}

const clientOf = (req: FastifyRequest): PublicClient => ({ ip: req.ip, userAgent: String(req.headers['user-agent'] ?? '').slice(0, 300) });

/** The form fields a service error names, mapped to the board's own words next to each field. */
function formStateOf(lang: view.Lang, err: unknown, values: view.FormValues): { status: number; state: view.FormState; retryAfter?: number } {
  const state: view.FormState = { values, errors: {} };
  if (!(err instanceof AppError)) return { status: 500, state: { ...state, message: view.t(lang, 'boardErrOther') } };
  const status = err.statusCode;
  if (status === 429) {
    const s = Number((err as AppError & { retryAfterSeconds?: number }).retryAfterSeconds) || 60;
    return { status, state: { ...state, message: view.t(lang, 'boardErrTooMany', { s }) }, retryAfter: s };
  }
  const e = state.errors;
  for (const d of err.details) {
    const msg = d.message ?? '';
    switch (d.field) {
      case 'meets': e.meets = view.t(lang, 'boardErrMeets'); break;
      case 'rating': e.rating = view.t(lang, 'boardErrRating'); break;
      case 'comment': e.comment = status === 409 ? view.t(lang, 'boardErrCommentDuplicate') : view.t(lang, 'boardErrComment', { n: FEEDBACK_LIMITS.commentChars }); break;
      case 'villageCode': e.villageCode = view.t(lang, 'boardErrVillage'); break;
      case 'contact': e.consent = view.t(lang, 'boardErrContactEmpty'); break;
      case 'contact.consent': e.consent = view.t(lang, 'boardErrConsent'); break;
      case 'contact.name': e.name = view.t(lang, 'boardErrName', { n: FEEDBACK_LIMITS.nameChars }); break;
      case 'contact.phone': e.phone = view.t(lang, 'boardErrPhone'); break;
      case 'contact.email': e.email = view.t(lang, 'boardErrEmail'); break;
      case 'categoryCode': e.categoryCode = view.t(lang, 'boardErrCategory'); break;
      case 'description':
        e.description = status === 409 ? view.t(lang, 'boardErrDescriptionDuplicate')
          : /at most/.test(msg) ? view.t(lang, 'boardErrDescriptionLong', { n: FEEDBACK_LIMITS.needChars }) : view.t(lang, 'boardErrDescription');
        break;
      case 'projectId': case 'subdistrictCode': state.message = view.t(lang, 'boardErrGone'); break;
      default: state.message = view.t(lang, 'boardErrOther');
    }
  }
  if (!Object.keys(e).length && !state.message) state.message = view.t(lang, 'boardErrOther');
  return { status, state };
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The answer form's fields as typed (kept to fill the form again) and as the service takes them. */
function answerOf(code: string, body: Record<string, unknown>, clientId: string): { values: view.FormValues; input: PublicAnswerInput; withContact: boolean } {
  const values: view.FormValues = {};
  for (const k of ['meets', 'rating', 'comment', 'villageCode', 'name', 'phone', 'email', 'consent']) values[k] = text(body[k]);
  const rating = values.rating.trim();
  const withContact = !!(values.name.trim() || values.phone.trim() || values.email.trim());
  const contact = withContact || values.consent ? { name: values.name, phone: values.phone, email: values.email, consent: values.consent === 'yes' } : null;
  return {
    values, withContact,
    input: {
      subdistrictCode: code, villageCode: values.villageCode || null, meets: values.meets as Meets,
      // The service reads "4" as 4 and says what is wrong with anything else.
      rating: (/^[0-9]+$/.test(rating) ? Number(rating) : rating || null) as number,
      comment: values.comment, contact, clientId, website: text(body.website),
    },
  };
}

function needOf(body: Record<string, unknown>, clientId: string): { values: view.FormValues; input: PublicNeedInput; withContact: boolean } {
  const values: view.FormValues = {};
  for (const k of ['categoryCode', 'description', 'villageCode', 'name', 'phone', 'email', 'consent']) values[k] = text(body[k]);
  const withContact = !!(values.name.trim() || values.phone.trim() || values.email.trim());
  const contact = withContact || values.consent ? { name: values.name, phone: values.phone, email: values.email, consent: values.consent === 'yes' } : null;
  return {
    values, withContact,
    input: { categoryCode: values.categoryCode, description: values.description, villageCode: values.villageCode || null, contact, clientId, website: text(body.website) },
  };
}

/** The address of a board as the person's browser reached this server (behind a proxy: its X-Forwarded headers). */
function absoluteUrl(req: FastifyRequest, path: string): string {
  return `${req.protocol}://${req.host}${path}`;
}

/** Registers the board's pages and JSON. */
export async function boardRoutes(app: App, ctx: AppContext): Promise<void> {
  const { db } = ctx;
  const tags = ['board'];
  const csp = contentSecurityPolicy(ctx);

  /* ---------------------------------------------------------------- JSON (/api/public) */

  app.get('/api/public/areas/search', {
    config: { public: true },
    schema: {
      tags, summary: 'Sub-districts by Thai or English name (the name of their district or province narrows it)',
      querystring: Type.Object({ q: Type.String({ maxLength: 200 }), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })) }),
      response: { 200: Type.Object({ items: Type.Array(AreaItemSchema) }), ...errorResponses },
    },
  }, async (req) => ({ items: await svc.searchSubdistricts(db, req.query.q, req.query.limit ?? 10) }));

  app.get('/api/public/areas/locate', {
    config: { public: true },
    schema: {
      tags, summary: 'The sub-district at a position (GPS), or null',
      querystring: Type.Object({ lon: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }) }),
      response: { 200: Type.Object({ item: Type.Union([AreaItemSchema, Type.Null()]) }), ...errorResponses },
    },
  }, async (req) => ({ item: await svc.locateSubdistrict(db, req.query.lon, req.query.lat) }));

  app.get('/api/public/subdistricts/:code', {
    config: { public: true },
    schema: {
      tags, summary: "A sub-district's board: its public projects of this fiscal year (public fields only), their evaluation and the recent visible comments",
      params: CodeParams,
      response: { 200: SubdistrictBoardSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    reply.header('cache-control', 'no-cache');
    return svc.subdistrictBoard(db, req.params.code, { withGeometry: true });
  });

  /* ---------------------------------------------------------------- HTML (/board) */

  await app.register(async (plugin) => {
    const scope = plugin as unknown as App;
    // Plain HTML forms post url-encoded bodies; only the board's routes parse them (the JSON API
    // stays JSON only, so no other site's form can post to it). 1 MiB: a 100 KB comment (Thai is
    // 9 bytes a character once url-encoded) reaches the service and is refused next to its field.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_req, body, done) => {
      const out: Record<string, string> = {};
      for (const [k, v] of new URLSearchParams(String(body))) if (!(k in out)) out[k] = v;
      done(null, out);
    });

    const sendPage = (req: FastifyRequest, reply: FastifyReply, status: number, pageHtml: string) => {
      reply.header('cache-control', 'no-cache').header('content-security-policy', csp).header('referrer-policy', 'same-origin');
      return sendCompressed(req, reply, status, 'text/html; charset=utf-8', pageHtml);
    };

    scope.setErrorHandler(async (err: any, req, reply) => {
      // A code or id of the wrong shape is a page that does not exist, like an unknown one.
      let status = err instanceof AppError ? err.statusCode : err.validation ? (err.validationContext === 'params' ? 404 : 400) : Number(err.statusCode) || 500;
      if (status < 400 || status > 599) status = 500;
      if (status >= 500) req.log.error(err);
      const lang = view.langOf((req.query as Record<string, unknown> | undefined)?.lang);
      return sendPage(req, reply, status, view.errorPage({ lang, assets: boardAssets(), status, path: req.url.split('?')[0] }));
    });

    const htmlResponse = { 200: HtmlPage, 400: HtmlPage, 404: HtmlPage };

    scope.get('/board', {
      schema: {
        tags, summary: 'The board: find a sub-district by name (q) or GPS',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 500 })), lang: Type.Optional(Type.String()) }),
        response: htmlResponse,
      },
    }, async (req, reply) => {
      const lang = view.langOf(req.query.lang);
      const q = (req.query.q ?? '').trim().slice(0, svc.SEARCH_MAX_CHARS);
      deviceToken(req, reply, ctx);
      let results: svc.AreaItem[] | null = null;
      let truncated = false;
      if (q) {
        const found = await svc.searchSubdistricts(db, q, 21);
        truncated = found.length > 20;
        results = found.slice(0, 20);
      }
      return sendPage(req, reply, 200, view.homePage({ lang, assets: boardAssets(), q, results, truncated }));
    });

    scope.get('/board/t/:code', {
      schema: { tags, summary: "A sub-district's board (the QR code's target)", params: CodeParams, querystring: LangQuery, response: htmlResponse },
    }, async (req, reply) => {
      const lang = view.langOf(req.query.lang);
      const board = await svc.subdistrictBoard(db, req.params.code);
      deviceToken(req, reply, ctx);
      const basemap = ctx.config.basemapUrl ? { url: ctx.config.basemapUrl, attribution: ctx.config.basemapAttribution ?? null } : null;
      return sendPage(req, reply, 200, view.subdistrictPage({ lang, assets: boardAssets(), board, basemap }));
    });

    scope.get('/board/t/:code/map.geojson', {
      schema: { tags, summary: "The board map's features: outline, villages, project geometries", params: CodeParams, response: { 200: Type.Unknown({ description: 'GeoJSON FeatureCollection' }) } },
    }, async (req, reply) => {
      const fc = await svc.boardMap(db, req.params.code);
      reply.header('cache-control', 'public, max-age=300');
      return sendCompressed(req, reply, 200, 'application/geo+json; charset=utf-8', JSON.stringify(fc));
    });

    scope.get('/board/t/:code/p/:id', {
      schema: { tags, summary: 'A project on the board, with the answer form', params: ProjectParams, querystring: LangQuery, response: htmlResponse },
    }, async (req, reply) => {
      const lang = view.langOf(req.query.lang);
      const board = await svc.subdistrictBoard(db, req.params.code, { projectId: req.params.id });
      deviceToken(req, reply, ctx);
      const retentionDays = await svc.contactRetentionDays(db);
      return sendPage(req, reply, 200, view.projectPage({ lang, assets: boardAssets(), board, form: { values: {}, errors: {} }, retentionDays }));
    });

    scope.post('/board/t/:code/p/:id', {
      schema: {
        tags, summary: 'The answer form: does the project meet your needs?', params: ProjectParams, querystring: LangQuery, body: AnswerFormSchema,
        response: { ...htmlResponse, 409: HtmlPage, 422: HtmlPage, 429: HtmlPage, 500: HtmlPage },
      },
    }, async (req, reply) => {
      const lang = view.langOf(req.query.lang);
      const { code, id } = req.params;
      // 404 before anything else when the project is not on this board.
      const board = await svc.subdistrictBoard(db, code, { projectId: id });
      const { values, input, withContact } = answerOf(code, req.body as Record<string, unknown>, deviceToken(req, reply, ctx));
      try {
        const r = await submitAnswer(ctx, id, input, clientOf(req));
        return sendPage(req, reply, 200, view.thanksPage({ lang, assets: boardAssets(), area: board.area, kind: 'answer', projectId: id, fiscalYear: r.fiscalYear, quarter: r.quarter, replaced: r.replaced, withContact }));
      } catch (err) {
        const f = formStateOf(lang, err, values);
        if (f.status === 404) throw err;
        if (f.status >= 500) req.log.error(err);
        if (f.retryAfter) reply.header('retry-after', String(f.retryAfter));
        const retentionDays = await svc.contactRetentionDays(db);
        return sendPage(req, reply, f.status, view.projectPage({ lang, assets: boardAssets(), board, form: f.state, retentionDays }));
      }
    });

    scope.get('/board/t/:code/need', {
      schema: { tags, summary: 'The form for a need of the sub-district', params: CodeParams, querystring: LangQuery, response: htmlResponse },
    }, async (req, reply) => {
      const lang = view.langOf(req.query.lang);
      const area = await svc.boardArea(db, req.params.code);
      deviceToken(req, reply, ctx);
      const [categories, retentionDays] = [await svc.needCategories(db), await svc.contactRetentionDays(db)];
      return sendPage(req, reply, 200, view.needPage({ lang, assets: boardAssets(), area, categories, form: { values: {}, errors: {} }, retentionDays }));
    });

    scope.post('/board/t/:code/need', {
      schema: {
        tags, summary: 'The need form', params: CodeParams, querystring: LangQuery, body: NeedFormSchema,
        response: { ...htmlResponse, 409: HtmlPage, 422: HtmlPage, 429: HtmlPage, 500: HtmlPage },
      },
    }, async (req, reply) => {
      const lang = view.langOf(req.query.lang);
      const area = await svc.boardArea(db, req.params.code);
      const { values, input, withContact } = needOf(req.body as Record<string, unknown>, deviceToken(req, reply, ctx));
      const now = new Date();
      try {
        await submitNeed(ctx, area.code, input, clientOf(req), now);
        return sendPage(req, reply, 200, view.thanksPage({ lang, assets: boardAssets(), area, kind: 'need', fiscalYear: 0, quarter: 0, replaced: false, withContact }));
      } catch (err) {
        const f = formStateOf(lang, err, values);
        if (f.status === 404) throw err;
        if (f.status >= 500) req.log.error(err);
        if (f.retryAfter) reply.header('retry-after', String(f.retryAfter));
        const [categories, retentionDays] = [await svc.needCategories(db), await svc.contactRetentionDays(db)];
        return sendPage(req, reply, f.status, view.needPage({ lang, assets: boardAssets(), area, categories, form: f.state, retentionDays }));
      }
    });

    scope.get('/board/t/:code/poster', {
      schema: { tags, summary: 'A printable A4 notice with the QR code of the board', params: CodeParams, querystring: LangQuery, response: htmlResponse },
    }, async (req, reply) => {
      const lang = view.langOf(req.query.lang);
      const board = await svc.subdistrictBoard(db, req.params.code, { comments: 0 });
      const url = absoluteUrl(req, view.href(lang, `/board/t/${board.area.code}`));
      return sendPage(req, reply, 200, view.posterPage({ lang, assets: boardAssets(), board, url, qrSvg: qrSvg(url), now: new Date() }));
    });

    // The board's own files, compressed (the server's static files are not) and cached for a year
    // (their names change with their content). On 3G this is the map's 1 MB MapLibre chunk as
    // about a quarter of that. Only the files the board's script can load are served here.
    scope.get('/board/assets/:file', {
      schema: { tags, summary: "The board script's files (hashed names)", params: Type.Object({ file: Type.String({ pattern: '^[A-Za-z0-9_.-]+$' }) }), response: { 200: Type.Unknown() } },
    }, async (req, reply) => {
      boardAssets();
      const file = req.params.file;
      const ext = file.slice(file.lastIndexOf('.') + 1);
      if (!assetsCache?.files.has(file) || !ASSET_TYPES[ext]) {
        return sendPage(req, reply, 404, view.errorPage({ lang: 'th', assets: boardAssets(), status: 404, path: '/board' }));
      }
      reply.header('cache-control', 'public, max-age=31536000, immutable').header('x-content-type-options', 'nosniff').type(ASSET_TYPES[ext]);
      const path = `${WEB_DIST}assets/${file}`;
      if (ext === 'woff2') return reply.send(readFileSync(path));
      reply.header('vary', 'accept-encoding');
      const encoding = accepts(req, 'br') ? 'br' : accepts(req, 'gzip') ? 'gzip' : null;
      if (!encoding) return reply.send(readFileSync(path));
      const key = `${file} ${encoding}`;
      let body = compressedFiles.get(key);
      if (!body) {
        const raw = readFileSync(path);
        body = encoding === 'br'
          ? await brotli(raw, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 9, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
          : await gz(raw, { level: 9 });
        compressedFiles.set(key, body);
      }
      return reply.header('content-encoding', encoding).send(body);
    });

    // Any other address under /board is a page of the board that does not exist (not the web app's shell).
    scope.get('/board/*', { schema: { hide: true, querystring: LangQuery } }, async (req, reply) => {
      const rest = (req.params as { '*': string })['*'];
      if (rest === '') return reply.redirect(view.href(view.langOf(req.query.lang), '/board'), 301);
      const lang = view.langOf(req.query.lang);
      return sendPage(req, reply, 404, view.errorPage({ lang, assets: boardAssets(), status: 404, path: req.url.split('?')[0] }));
    });
  });
}
