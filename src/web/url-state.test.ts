import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  apiFilterQuery,
  DEFAULT_LAYERS,
  fiscalYearOptions,
  formatMapUrl,
  parseMapUrl,
  periodChoice,
  periodString,
} from './url-state.ts';

test('a shared link restores filters, layers and the view', () => {
  const s = parseMapUrl('?cat=drugs,flood&period=2567Q1&area=3201&status=verified&v=14.88,103.49,9&hide=incidents&metric=rate');
  assert.deepEqual(s.filters, { categories: ['drugs', 'flood'], period: '2567Q1', area: '3201', statuses: ['verified'] });
  assert.deepEqual(s.view, { lat: 14.88, lon: 103.49, zoom: 9 });
  assert.equal(s.layers.incidents, false);
  assert.equal(s.layers.choropleth, true);
  assert.equal(s.layers.metric, 'rate');
});

test('formatting and parsing round-trip', () => {
  const state = {
    filters: { categories: ['illegal_crossing'], period: '2023-10-01..2023-12-31', area: '320101', statuses: ['reported' as const, 'resolved' as const] },
    view: { lat: 14.8812345, lon: 103.4912345, zoom: 12.5 },
    layers: { ...DEFAULT_LAYERS, boundaries: false },
  };
  const url = formatMapUrl(state);
  assert.match(url, /^\?cat=illegal_crossing&period=2023-10-01\.\.2023-12-31&area=320101&status=reported,resolved&hide=boundaries&v=14\.88123,103\.49123,12\.5$/);
  const back = parseMapUrl(url);
  assert.deepEqual(back.filters, state.filters);
  assert.equal(back.layers.boundaries, false);
  assert.deepEqual(back.view, { lat: 14.88123, lon: 103.49123, zoom: 12.5 });
});

test('the default state is an empty query string', () => {
  assert.equal(formatMapUrl(parseMapUrl('')), '');
});

test('malformed values fall back to defaults instead of reaching the API', () => {
  const s = parseMapUrl('?cat=drugs,DROP%20TABLE,<script>&period=2567Q7&area=32a&status=verified,bogus&v=999,1,2&metric=x');
  assert.deepEqual(s.filters.categories, ['drugs']);
  assert.equal(s.filters.period, null);
  assert.equal(s.filters.area, null);
  assert.deepEqual(s.filters.statuses, ['verified']);
  assert.equal(s.view, null);
  assert.equal(s.layers.metric, 'count');
});

test('the API gets the filters under its own names', () => {
  const q = apiFilterQuery({ categories: ['drugs', 'flood'], period: '2567', area: '3201', statuses: ['verified'] });
  assert.equal(q.toString(), 'category=drugs%2Cflood&period=2567&area=3201&status=verified');
  assert.equal(apiFilterQuery({ categories: [], period: null, area: null, statuses: [] }).toString(), '');
});

test('period selector choices map to period strings and back', () => {
  assert.deepEqual(periodChoice('2567'), { mode: 'year', fy: 2567 });
  assert.deepEqual(periodChoice('2567Q3'), { mode: 'quarter', fy: 2567, q: 3 });
  assert.deepEqual(periodChoice('2023-10-01..2023-12-31'), { mode: 'custom', from: '2023-10-01', to: '2023-12-31' });
  assert.deepEqual(periodChoice(null), { mode: 'all' });
  assert.equal(periodString({ mode: 'quarter', fy: 2568, q: 1 }), '2568Q1');
  assert.equal(periodString({ mode: 'custom', from: '2024-01-31', to: '2024-01-01' }), null, 'a range that ends before it starts is not applied');
  assert.equal(periodString({ mode: 'custom', from: '2024-01-01', to: '' }), null);
});

test('fiscal years offered start with the current one (1 October starts the next)', () => {
  assert.deepEqual(fiscalYearOptions(new Date('2024-09-30T12:00:00Z'), 2), [2567, 2566, 2565]);
  // 1 Oct 2024 00:30 in Thailand is still 30 Sep in UTC, and already FY 2568.
  assert.deepEqual(fiscalYearOptions(new Date('2024-09-30T17:30:00Z'), 0), [2568]);
});
