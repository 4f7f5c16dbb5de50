import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BUILTIN_COMPONENTS, DEFAULT_COMPONENTS, GEOMETRIC_EPSILON, PriorityError, ageInDays, compareRanks, computePriority,
  createComponentRegistry, decayWeight, hotSpotValue, priorityColumns, priorityRanks, prioritySensitivity, sumDecayedSeverity, trendChange,
  validateProfile,
  type AreaValues, type CategoryValues, type ComponentDefinition, type PriorityInput, type PriorityProfile,
  type PriorityResult,
} from './priority.ts';
import { createRandom, type Random } from './random.ts';

const CATEGORIES = ['drugs', 'illegal_crossing', 'smuggling', 'crime', 'flood', 'drought', 'water_quality', 'forest', 'unrest', 'other'];

/** A per-area component, as risk points will be once that module exists. */
const RISK_POINTS: ComponentDefinition = {
  id: 'risk_points', labelTh: 'จุดเสี่ยง', labelEn: 'Risk points', descriptionTh: 'จำนวนจุดเสี่ยงในพื้นที่',
  descriptionEn: 'Risk points in the area', direction: 'higher_is_more_urgent', perCategory: false, perPopulation: false,
};
/** A component where a lower value is worse (e.g. distance to the nearest police station, km). */
const POLICE_ACCESS: ComponentDefinition = {
  id: 'police_access', labelTh: 'การเข้าถึงสถานีตำรวจ', labelEn: 'Police access', descriptionTh: 'ระยะทางกลับด้าน',
  descriptionEn: 'Closeness of the nearest police station', direction: 'lower_is_more_urgent', perCategory: false, perPopulation: false,
};
const REGISTRY = createComponentRegistry([...BUILTIN_COMPONENTS, RISK_POINTS, POLICE_ACCESS]);

function profile(p: Partial<PriorityProfile>): PriorityProfile {
  return {
    normalisation: 'minmax', aggregation: 'weighted_sum', componentWeights: { burden: 1 }, categoryWeights: { drugs: 1 },
    topN: 2, ratePer1000: false, recencyHalfLifeDays: 90, ...p,
  };
}

const areaValues = (o: Record<string, number>): AreaValues => new Map(Object.entries(o));
const catValues = (o: Record<string, Record<string, number>>): CategoryValues =>
  new Map(Object.entries(o).map(([c, v]) => [c, areaValues(v)]));

function input(
  areas: [string, number | null][], values: Record<string, AreaValues | CategoryValues>,
): PriorityInput {
  return {
    areas: areas.map(([code, population]) => ({ code, population })),
    categories: CATEGORIES,
    components: REGISTRY,
    values: new Map(Object.entries(values)),
  };
}

const byCode = (r: PriorityResult) => new Map(r.areas.map((a) => [a.code, a]));
const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

/* ------------------------------------------------------------------ model */

test('weighted sum with min-max: a hand-computed example, breakdown by component and category', () => {
  const inp = input([['A', null], ['B', null], ['C', null]], {
    burden: catValues({ drugs: { A: 10, B: 5 }, flood: { B: 4, C: 2 } }),
    risk_points: areaValues({ A: 1, B: 3, C: 2 }),
  });
  const r = computePriority(inp, profile({
    componentWeights: { burden: 3, risk_points: 1 }, categoryWeights: { drugs: 1, flood: 1 }, topN: 1,
  }));
  assert.deepEqual(r.weights, { components: { burden: 0.75, risk_points: 0.25 }, categories: { drugs: 0.5, flood: 0.5 } });
  // drugs: A 1, B 0.5, C 0; flood: A 0, B 1, C 0.5; risk points: A 0, B 1, C 0.5.
  // burden S: A 0.5, B 0.75, C 0.25. Score: A 0.375, B 0.8125, C 0.3125.
  const a = byCode(r);
  close(a.get('A')!.score, 0.375);
  close(a.get('B')!.score, 0.8125);
  close(a.get('C')!.score, 0.3125);
  assert.deepEqual(r.areas.map((x) => [x.code, x.rank]), [['B', 1], ['A', 2], ['C', 3]]);
  assert.deepEqual(r.top, ['B']);
  const b = a.get('B')!;
  assert.equal(b.inTop, true);
  close(b.byCategory!.drugs, 0.75 * 0.5 * 0.5);
  close(b.byCategory!.flood, 0.75 * 0.5 * 1);
  close(b.general!, 0.25);
  const burden = b.components.find((c) => c.id === 'burden')!;
  close(burden.value, 0.75);
  close(burden.contribution!, 0.5625);
  assert.deepEqual(burden.categories!.map((c) => [c.category, c.raw, c.basis, c.value]), [['drugs', 5, 'count', 0.5], ['flood', 4, 'count', 1]]);
  const risk = b.components.find((c) => c.id === 'risk_points')!;
  assert.deepEqual([risk.raw, risk.basis, risk.categories], [3, 'value', null]);
  assert.equal(r.epsilon, null);
});

test('summary detail stops at components; chosen areas can still get the full explanation', () => {
  const inp = input([['A', null], ['B', null], ['C', null]], {
    burden: catValues({ drugs: { A: 10, B: 5 }, flood: { B: 4, C: 2 } }),
  });
  const prof = profile({ categoryWeights: { drugs: 1, flood: 1 } });
  const full = computePriority(inp, prof);
  const summary = computePriority(inp, prof, { detail: 'summary' });
  const some = computePriority(inp, prof, { detail: { codes: ['C'] } });
  for (const r of [summary, some]) {
    assert.deepEqual(r.areas.map((a) => [a.code, a.rank, a.score, a.byCategory]), full.areas.map((a) => [a.code, a.rank, a.score, a.byCategory]));
  }
  assert.ok(summary.areas.every((a) => a.components[0].categories === null));
  assert.deepEqual(some.areas.filter((a) => a.components[0].categories !== null).map((a) => a.code), ['C']);
  assert.deepEqual(byCode(some).get('C')!.components, byCode(full).get('C')!.components);
  refuses(() => computePriority(inp, prof, { detail: { codes: ['Z'] } }), 'invalid_input', /explanation was asked for area Z/);
});

test('rank normalisation: the share of the other areas that are strictly less urgent', () => {
  const inp = input([['A', null], ['B', null], ['C', null], ['D', null]], {
    burden: catValues({ drugs: { A: 0, B: 0, C: 3, D: 5 } }),
  });
  const r = computePriority(inp, profile({ normalisation: 'rank' }));
  const v = (code: string) => byCode(r).get(code)!.components[0].categories![0].value;
  assert.deepEqual(['A', 'B', 'C', 'D'].map(v), [0, 0, 2 / 3, 1]);
});

test('a component where lower is more urgent is turned round, in both normalisations', () => {
  for (const normalisation of ['minmax', 'rank'] as const) {
    const inp = input([['A', null], ['B', null], ['C', null]], { police_access: areaValues({ A: 2, B: 10, C: 6 }) });
    const r = computePriority(inp, profile({ normalisation, componentWeights: { police_access: 1 }, categoryWeights: {} }));
    assert.deepEqual(r.areas.map((a) => a.code), ['A', 'C', 'B']);
    assert.deepEqual(r.areas.map((a) => a.score), [1, 0.5, 0]);
  }
});

test('geometric mean: factors multiply to the score, a zero component does not wipe out the rest', () => {
  const inp = input([['A', null], ['B', null], ['C', null]], {
    burden: catValues({ drugs: { A: 10, B: 6, C: 0 } }),
    risk_points: areaValues({ A: 0, B: 2, C: 4 }),
  });
  const r = computePriority(inp, profile({ aggregation: 'geometric_mean', componentWeights: { burden: 1, risk_points: 1 } }));
  assert.equal(r.epsilon, GEOMETRIC_EPSILON);
  for (const a of r.areas) {
    const product = a.components.reduce((s, c) => s * c.factor!, 1);
    close(product, a.score);
    assert.equal(a.byCategory, null);
    assert.ok(a.components.every((c) => c.contribution === null));
  }
  // B is fair on both (0.6, 0.5) and beats A and C, each perfect on one and zero on the other.
  const a = byCode(r);
  close(a.get('B')!.score, Math.sqrt((0.6 + 0.01) * (0.5 + 0.01)));
  close(a.get('A')!.score, Math.sqrt(1.01 * 0.01));
  assert.equal(a.get('B')!.rank, 1);
  assert.ok(a.get('A')!.score > 0);
});

test('equal scores share the lowest rank (1, 2, 2, 4) and are listed by code', () => {
  const inp = input([['D', null], ['C', null], ['B', null], ['A', null]], {
    burden: catValues({ drugs: { D: 9, C: 5, B: 5, A: 1 } }),
  });
  const r = computePriority(inp, profile({ topN: 2 }));
  assert.deepEqual(r.areas.map((a) => [a.code, a.rank]), [['D', 1], ['B', 2], ['C', 2], ['A', 4]]);
  // Ties at the boundary of the top list are all in.
  assert.deepEqual(r.top, ['D', 'B', 'C']);
});

/* ------------------------------------------------------------- population */

test('rates per 1,000 people where the population is known; counts, flagged, where it is not', () => {
  const inp = input([['A', 1000], ['B', 10_000], ['C', null], ['D', 0]], {
    burden: catValues({ drugs: { A: 5, B: 20, C: 40, D: 1 } }),
  });
  const r = computePriority(inp, profile({ ratePer1000: true, topN: 1 }));
  const a = byCode(r);
  const cell = (code: string) => a.get(code)!.components[0].categories![0];
  // A: 5 per 1,000, B: 2 per 1,000. A has fewer incidents but the higher rate.
  assert.deepEqual([cell('A').basis, cell('A').rate, cell('A').value], ['rate', 5, 1]);
  assert.deepEqual([cell('B').basis, cell('B').rate, cell('B').value], ['rate', 2, 0]);
  // C and D have no usable population: compared among all areas' counts (1..40), never in the rate column.
  assert.deepEqual([cell('C').basis, cell('C').rate, cell('C').value], ['count', null, 1]);
  assert.deepEqual([cell('D').basis, cell('D').value], ['count', 0]);
  assert.deepEqual(a.get('C')!.flags, ['count_instead_of_rate']);
  assert.deepEqual(a.get('D')!.flags, ['count_instead_of_rate']);
  assert.deepEqual(a.get('A')!.flags, []);
  assert.ok(r.warnings.some((w) => w.code === 'count_instead_of_rate' && /2 of 4 areas have no population/.test(w.message)));
  assert.equal(r.columns[0].basis, 'rate');
  assert.equal(r.columns[0].countFallbacks, 2);
  for (const x of r.areas) assert.ok(Number.isFinite(x.score));
});

test('no population anywhere: counts everywhere, every area flagged, one clear warning', () => {
  const inp = input([['A', null], ['B', null]], { burden: catValues({ drugs: { A: 1, B: 3 } }) });
  const r = computePriority(inp, profile({ ratePer1000: true }));
  assert.ok(r.areas.every((a) => a.flags.includes('count_instead_of_rate')));
  assert.ok(r.warnings.some((w) => w.code === 'no_population'));
  assert.deepEqual(r.areas.map((a) => a.code), ['B', 'A']);
});

/* ------------------------------------------------------------- bad input */

function refuses(fn: () => unknown, code: string, re: RegExp, field?: string) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof PriorityError, String(e));
    assert.equal(e.code, code);
    assert.match(e.message, re);
    if (field !== undefined) assert.equal(e.field, field);
    return true;
  });
}

test('bad profiles are refused with a message naming the weight or field', () => {
  const inp = input([['A', null], ['B', null]], { burden: catValues({ drugs: { A: 1 } }), risk_points: areaValues({ A: 1 }) });
  refuses(() => computePriority(inp, profile({ componentWeights: { burden: 0, risk_points: 0 } })), 'invalid_profile',
    /^all weights are zero: give at least one component a weight$/, 'componentWeights');
  refuses(() => computePriority(inp, profile({ componentWeights: {} })), 'invalid_profile', /all weights are zero/);
  refuses(() => computePriority(inp, profile({ categoryWeights: { drugs: 0 } })), 'invalid_profile',
    /all category weights are zero: give at least one category a weight \(burden is counted per category\)/, 'categoryWeights');
  refuses(() => computePriority(inp, profile({ componentWeights: { burden: -1, risk_points: 2 } })), 'invalid_profile',
    /weight of 'burden' must not be negative, got -1/, 'componentWeights.burden');
  refuses(() => computePriority(inp, profile({ categoryWeights: { drugs: Number.NaN } })), 'invalid_profile',
    /weight of 'drugs' must be a number, got NaN/, 'categoryWeights.drugs');
  refuses(() => computePriority(inp, profile({ componentWeights: { burden: 1, open_alerts: 1 } })), 'invalid_profile',
    /unknown component 'open_alerts'/, 'componentWeights.open_alerts');
  refuses(() => computePriority(inp, profile({ categoryWeights: { drugs: 1, cyber: 2 } })), 'invalid_profile',
    /category 'cyber', which does not exist \(deleted or renamed\?\)/, 'categoryWeights.cyber');
  // A deleted category is an error even with weight 0: the saved profile is out of date.
  refuses(() => computePriority(inp, profile({ categoryWeights: { drugs: 1, cyber: 0 } })), 'invalid_profile', /'cyber'/);
  refuses(() => computePriority(inp, profile({ topN: 0 })), 'invalid_profile', /topN must be a whole number >= 1/, 'topN');
  refuses(() => computePriority(inp, profile({ topN: 2.5 })), 'invalid_profile', /topN/);
  refuses(() => computePriority(inp, profile({ normalisation: 'zscore' as never })), 'invalid_profile', /normalisation must be/);
  refuses(() => computePriority(inp, profile({ aggregation: 'max' as never })), 'invalid_profile', /aggregation must be/);
  refuses(() => computePriority(inp, profile({ recencyHalfLifeDays: 0 })), 'invalid_profile', /recencyHalfLifeDays must be a positive/);
  // The profile alone can be checked before it is saved.
  const checked = validateProfile(profile({ componentWeights: { burden: 2, risk_points: 6 } }), REGISTRY, CATEGORIES);
  assert.deepEqual([...checked.components], [['burden', 0.25], ['risk_points', 0.75]]);
});

test('bad values are refused naming the component, category and area', () => {
  const p = profile({});
  const areas: [string, number | null][] = [['A', null], ['B', null]];
  refuses(() => computePriority(input(areas, { burden: catValues({ drugs: { A: Number.NaN } }) }), p), 'invalid_input',
    /component 'burden', category 'drugs', area A: value must be a finite number, got NaN/);
  refuses(() => computePriority(input(areas, { burden: catValues({ drugs: { A: -2 } }) }), p), 'invalid_input',
    /area A: a count cannot be negative, got -2/);
  refuses(() => computePriority(input(areas, { burden: catValues({ drugs: { Z: 1 } }) }), p), 'invalid_input',
    /value for area Z, which is not among the areas analysed/);
  refuses(() => computePriority(input(areas, { burden: catValues({ cyber: { A: 1 } }) }), p), 'invalid_input',
    /component 'burden' has values for category 'cyber', which does not exist/);
  refuses(() => computePriority(input(areas, { burden: areaValues({ A: 1 }) }), p), 'invalid_input',
    /'burden' is counted per category: give a Map from category code/);
  refuses(() => computePriority(input(areas, { burden: catValues({ drugs: { A: 1 } }), risk_points: catValues({ drugs: { A: 1 } }) }),
    profile({ componentWeights: { burden: 1, risk_points: 1 } })), 'invalid_input', /'risk_points' is not counted per category/);
  refuses(() => computePriority(input(areas, { burden: catValues({ drugs: { A: 1 } }) }), profile({ componentWeights: { burden: 1, trend: 1 } })),
    'invalid_input', /component 'trend' has a weight in the profile but no values were given/);
  refuses(() => computePriority(input(areas, { burden: catValues({ drugs: { A: 1 } }), alerts: areaValues({}) }), p), 'invalid_input',
    /values were given for an unknown component 'alerts'/);
  refuses(() => computePriority(input([['A', null], ['A', 5]], { burden: catValues({ drugs: { A: 1 } }) }), p), 'invalid_input',
    /area A is listed twice/);
  refuses(() => computePriority(input([['A', -5]], { burden: catValues({ drugs: { A: 1 } }) }), p), 'invalid_input',
    /area A: population must be a number >= 0 or null, got -5/);
  refuses(() => computePriority(input([], { burden: catValues({}) }), p), 'invalid_input', /no areas to analyse/);
});

test('a period with no data at all is an explicit no-data error, not a map of equal areas', () => {
  const inp = input([['A', 100], ['B', 200]], {
    burden: catValues({ drugs: { A: 0 }, flood: { B: 4 } }),
    trend: catValues({}),
  });
  // Flood has incidents but carries no weight in this profile.
  refuses(() => computePriority(inp, profile({ componentWeights: { burden: 1, trend: 1 }, categoryWeights: { drugs: 1 } })), 'no_data',
    /no data to rank: every weighted component \(burden, trend\) is zero in all 2 areas for the weighted categories \(drugs\)/);
  refuses(() => prioritySensitivity(inp, profile({ categoryWeights: { drugs: 1 } })), 'no_data', /no data/);
});

test('constant values: every normalised value 0, flagged, no NaN; all equal scores are said so', () => {
  for (const normalisation of ['minmax', 'rank'] as const) {
    const inp = input([['A', null], ['B', null], ['C', null]], {
      burden: catValues({ drugs: { A: 3, B: 3, C: 3 }, flood: { A: 1, B: 2, C: 3 } }),
    });
    const r = computePriority(inp, profile({ normalisation, categoryWeights: { drugs: 1, flood: 1 } }));
    const drugs = r.columns.find((c) => c.category === 'drugs')!;
    assert.deepEqual([drugs.constant, drugs.min, drugs.max], [true, 3, 3]);
    assert.equal(r.columns.find((c) => c.category === 'flood')!.constant, false);
    for (const a of r.areas) {
      assert.equal(a.components[0].categories![0].value, 0);
      assert.ok(Number.isFinite(a.score));
    }
    assert.ok(r.warnings.some((w) => w.code === 'constant_column' && /drugs: every area has the same value \(3\)/.test(w.message)));
    assert.ok(!r.warnings.some((w) => w.code === 'all_equal'));

    const flat = computePriority(input([['A', null], ['B', null]], { burden: catValues({ drugs: { A: 2, B: 2 } }) }), profile({ normalisation }));
    assert.deepEqual(flat.areas.map((a) => [a.rank, a.score]), [[1, 0], [1, 0]]);
    assert.ok(flat.warnings.some((w) => w.code === 'all_equal'));
  }
});

test('one area alone is ranked first without dividing by zero', () => {
  for (const normalisation of ['minmax', 'rank'] as const) {
    const r = computePriority(input([['A', 50]], { burden: catValues({ drugs: { A: 2 } }) }), profile({ normalisation, ratePer1000: true }));
    assert.deepEqual(r.areas.map((a) => [a.code, a.rank, a.score]), [['A', 1, 0]]);
    assert.ok(r.warnings.some((w) => w.code === 'top_n_exceeds_areas'));
  }
});

test('the component registry refuses a duplicate or malformed id', () => {
  assert.throws(() => createComponentRegistry([RISK_POINTS, RISK_POINTS]), /'risk_points' is defined twice/);
  assert.throws(() => createComponentRegistry([{ ...RISK_POINTS, id: 'Risk Points' }]), /must be snake_case/);
  assert.throws(() => createComponentRegistry([{ ...RISK_POINTS, labelTh: '' }]), /Thai and an English label/);
  assert.deepEqual([...DEFAULT_COMPONENTS.keys()], ['burden', 'recency', 'trend', 'hotspot']);
});

/* ---------------------------------------------------------------- helpers */

test('decay weight halves every half-life; decayed severities add up', () => {
  assert.equal(decayWeight(0, 90), 1);
  assert.equal(decayWeight(90, 90), 0.5);
  assert.equal(decayWeight(180, 90), 0.25);
  close(decayWeight(30, 90), Math.pow(2, -1 / 3));
  assert.throws(() => decayWeight(-1, 90), /age must be a number >= 0/);
  assert.throws(() => decayWeight(10, 0), /half-life must be a positive number/);
  close(sumDecayedSeverity([{ age: 0, severity: 4 }, { age: 90, severity: 2 }, { age: 180, severity: 4 }], 90), 4 + 1 + 1);
  assert.equal(sumDecayedSeverity([], 90), 0);
  assert.throws(() => sumDecayedSeverity([{ age: 1, severity: Number.NaN }], 90), /severity must be a number >= 0/);
  assert.equal(ageInDays(new Date('2024-01-01T00:00:00Z'), new Date('2024-01-31T12:00:00Z')), 30.5);
});

test('trend compares with the same period a year earlier without dividing by zero', () => {
  assert.equal(trendChange(0, 0), 0);
  assert.equal(trendChange(3, 0), 3);
  assert.equal(trendChange(0, 4), -0.8);
  assert.equal(trendChange(9, 4), 1);
  assert.throws(() => trendChange(-1, 0), /current count must be a number >= 0/);
  assert.throws(() => trendChange(1, 0, 0), /smoothing must be a positive number/);
});

test('hot-spot input from a Gi* z-score', () => {
  assert.equal(hotSpotValue(2.1), 1);
  assert.equal(hotSpotValue(1.9), 0);
  assert.equal(hotSpotValue(1.7, 'membership', 1.645), 1);
  assert.equal(hotSpotValue(-3, 'z'), 0);
  assert.equal(hotSpotValue(2.5, 'z'), 2.5);
  assert.throws(() => hotSpotValue(Number.NaN), /finite/);
});

/* ---------------------------------------------------------------- ranks */

test('rank movement against the previous result: up, down, same, new and dropped', () => {
  const prev = [{ code: 'A', rank: 1 }, { code: 'B', rank: 2 }, { code: 'C', rank: 3 }, { code: 'X', rank: 4 }];
  const cur = [{ code: 'C', rank: 1 }, { code: 'A', rank: 2 }, { code: 'B', rank: 2 }, { code: 'N', rank: 4 }];
  const cmp = compareRanks(prev, cur);
  assert.deepEqual(cmp.areas, [
    { code: 'C', rank: 1, previousRank: 3, movement: 2, status: 'up' },
    { code: 'A', rank: 2, previousRank: 1, movement: -1, status: 'down' },
    { code: 'B', rank: 2, previousRank: 2, movement: 0, status: 'same' },
    { code: 'N', rank: 4, previousRank: null, movement: null, status: 'new' },
  ]);
  assert.deepEqual(cmp.dropped, [{ code: 'X', previousRank: 4 }]);
  assert.throws(() => compareRanks(prev, [{ code: 'A', rank: 1 }, { code: 'A', rank: 2 }]), /current result lists area A twice/);
  assert.throws(() => compareRanks([{ code: 'A', rank: 0 }], cur), /previous result: area A has rank 0/);
});

/* ----------------------------------------------------------- sensitivity */

test('sensitivity: each weight moves by exactly 20 % of its share; cases match a full recomputation', () => {
  const inp = input([['A', null], ['B', null], ['C', null], ['D', null]], {
    burden: catValues({ drugs: { A: 10, B: 8, C: 1, D: 0 }, flood: { A: 0, B: 2, C: 9, D: 10 } }),
    risk_points: areaValues({ A: 0, B: 5, C: 6, D: 2 }),
  });
  const prof = profile({ componentWeights: { burden: 3, risk_points: 1 }, categoryWeights: { drugs: 1, flood: 1 }, topN: 2 });
  const s = prioritySensitivity(inp, prof);
  assert.equal(s.cases.length, 2 * (2 + 2));
  for (const c of s.cases) close(c.weightAfter, c.weightBefore * (1 + c.change));
  // Every case equals computePriority with the moved, renormalised weights.
  const base = computePriority(inp, prof);
  for (const c of s.cases) {
    const moved = c.kind === 'component' ? { ...base.weights.components } : { ...base.weights.categories };
    const rest = 1 - moved[c.id];
    for (const k of Object.keys(moved)) moved[k] = k === c.id ? c.weightAfter : (moved[k] * (1 - c.weightAfter)) / rest;
    const again = computePriority(inp, {
      ...prof,
      componentWeights: c.kind === 'component' ? moved : base.weights.components,
      categoryWeights: c.kind === 'category' ? moved : base.weights.categories,
    });
    assert.deepEqual(c.top, again.top, `${c.kind} ${c.id} ${c.change}`);
  }
  // Counts per area agree with the case lists.
  for (const a of s.areas) {
    assert.equal(a.casesInTop, s.cases.filter((c) => c.top.includes(a.code)).length);
    assert.equal(a.stable, a.inBaselineTop && a.casesInTop === s.cases.length);
    assert.equal(a.baselineRank, base.areas.find((x) => x.code === a.code)!.rank);
    assert.ok(a.bestRank <= a.baselineRank && a.baselineRank <= a.worstRank);
  }
  // Every baseline top area is reported; areas never in the top are not.
  for (const code of base.top) assert.ok(s.areas.some((a) => a.code === code));
  const everTop = new Set(s.cases.flatMap((c) => c.top).concat(base.top));
  assert.deepEqual(new Set(s.areas.map((a) => a.code)), everTop);
});

test('sensitivity: a clear leader is stable, an area on the edge of the top list is not', () => {
  // A leads on everything; B and C swap places depending on drugs vs flood.
  const inp = input([['A', null], ['B', null], ['C', null], ['D', null]], {
    burden: catValues({ drugs: { A: 10, B: 6, C: 4, D: 0 }, flood: { A: 10, B: 4, C: 6.5, D: 0 } }),
  });
  const s = prioritySensitivity(inp, profile({ categoryWeights: { drugs: 1, flood: 1 }, topN: 2 }));
  const a = new Map(s.areas.map((x) => [x.code, x]));
  assert.equal(a.get('A')!.stable, true);
  assert.equal(a.get('A')!.casesInTop, s.cases.length);
  assert.equal(a.get('C')!.inBaselineTop, true);
  assert.equal(a.get('C')!.stable, false);
  assert.ok(a.get('B')!.casesInTop > 0 && a.get('B')!.casesInTop < s.cases.length);
  assert.equal(a.has('D'), false);
  // A sole component weight cannot move the ranking: its cases equal the baseline.
  const comp = s.cases.filter((c) => c.kind === 'component');
  assert.equal(comp.length, 2);
  for (const c of comp) assert.equal(c.weightAfter, 1);
});

/* -------------------------------------------------------------- property */

interface RandomCase {
  inp: PriorityInput;
  prof: PriorityProfile;
  components: ComponentDefinition[];
}

function randomCase(rng: Random): RandomCase {
  const n = rng.int(1, 40);
  const areas = Array.from({ length: n }, (_, i) => ({
    code: String(320101 + i * rng.int(1, 3)),
    population: rng.chance(0.2) ? null : rng.chance(0.05) ? 0 : rng.int(200, 20_000),
  }));
  const uniqueAreas = [...new Map(areas.map((a) => [a.code, a])).values()];
  const comps = [...BUILTIN_COMPONENTS, RISK_POINTS, POLICE_ACCESS].filter(() => rng.chance(0.7));
  if (comps.length === 0) comps.push(BUILTIN_COMPONENTS[0]);
  const cats = CATEGORIES.filter(() => rng.chance(0.5));
  if (cats.length === 0) cats.push('drugs');
  // Small whole numbers make ties and zeros common, which is where ranking goes wrong.
  const draw = (def: ComponentDefinition) => {
    const m = new Map<string, number>();
    for (const a of uniqueAreas) {
      if (rng.chance(0.3)) continue;
      const v = def.id === 'trend' ? trendChange(rng.int(0, 5), rng.int(0, 5)) : rng.chance(0.5) ? rng.int(0, 4) : rng.range(0, 100);
      m.set(a.code, v);
    }
    return m;
  };
  const values = new Map<string, AreaValues | CategoryValues>();
  for (const d of comps) values.set(d.id, d.perCategory ? new Map(cats.map((c) => [c, draw(d)])) : draw(d));
  const componentWeights: Record<string, number> = {};
  for (const d of comps) componentWeights[d.id] = rng.chance(0.15) ? 0 : rng.range(0, 5);
  componentWeights[comps[0].id] = rng.range(0.5, 5);
  const categoryWeights: Record<string, number> = {};
  for (const c of cats) categoryWeights[c] = rng.chance(0.2) ? 0 : rng.range(0, 5);
  categoryWeights[cats[0]] = rng.range(0.5, 5);
  return {
    inp: { areas: uniqueAreas, categories: CATEGORIES, components: REGISTRY, values },
    prof: {
      normalisation: rng.pick(['minmax', 'rank'] as const), aggregation: rng.pick(['weighted_sum', 'geometric_mean'] as const),
      componentWeights, categoryWeights, topN: rng.int(1, 10), ratePer1000: rng.chance(0.5), recencyHalfLifeDays: 90,
    },
    components: comps,
  };
}

function computeOrNoData(inp: PriorityInput, prof: PriorityProfile): PriorityResult | null {
  try {
    return computePriority(inp, prof);
  } catch (e) {
    if (e instanceof PriorityError && e.code === 'no_data') return null;
    throw e;
  }
}

test('property: finite scores, min-method ranks, breakdowns that add up, more urgent values never lower a rank', () => {
  const rng = createRandom(20240601);
  let checked = 0;
  let noData = 0;
  for (let trial = 0; trial < 400; trial++) {
    const { inp, prof, components } = randomCase(rng.fork(trial));
    const r = computeOrNoData(inp, prof);
    if (!r) {
      noData++;
      continue;
    }
    const n = inp.areas.length;
    assert.equal(r.areas.length, n);
    assert.deepEqual(new Set(r.areas.map((a) => a.code)), new Set(inp.areas.map((a) => a.code)));
    // Ranks: 'min' method over the sorted scores.
    r.areas.forEach((a, pos) => {
      assert.ok(Number.isFinite(a.score), `score ${a.score}`);
      const higher = r.areas.filter((b) => b.score > a.score + 1e-12).length;
      assert.equal(a.rank, higher + 1, `trial ${trial}: ${a.code}`);
      if (pos > 0) {
        const prev = r.areas[pos - 1];
        assert.ok(prev.score >= a.score - 1e-12);
        if (prev.rank === a.rank) assert.ok(prev.code < a.code, 'ties listed by code');
      }
      assert.equal(a.inTop, a.rank <= prof.topN);
      // Breakdowns add up to the score.
      if (prof.aggregation === 'weighted_sum') {
        close(a.components.reduce((s, c) => s + c.contribution!, 0), a.score, 1e-9);
        close(Object.values(a.byCategory!).reduce((s, v) => s + v, 0) + a.general!, a.score, 1e-9);
        for (const c of a.components) {
          if (c.categories) close(c.categories.reduce((s, x) => s + x.contribution!, 0), c.contribution!, 1e-9);
        }
      } else {
        close(a.components.reduce((s, c) => s * c.factor!, 1), a.score, 1e-9);
      }
      for (const c of a.components) {
        assert.ok(c.value >= 0 && c.value <= 1 + 1e-12);
        for (const x of c.categories ?? []) assert.ok(x.value >= 0 && x.value <= 1 && Number.isFinite(x.share));
      }
    });

    // Monotonicity: make one area's value of a weighted component more urgent (higher, or lower
    // for a component where lower is worse).
    const weighted = components.filter((d) => r.weights.components[d.id] > 0);
    if (weighted.length === 0) continue;
    const def = rng.pick(weighted);
    const area = rng.pick(inp.areas).code;
    const values = new Map(inp.values);
    const bump = (m: ReadonlyMap<string, number>) => {
      const copy = new Map(m);
      const step = rng.pick([0.5, 1, 3, 50]);
      copy.set(area, (copy.get(area) ?? 0) + (def.direction === 'higher_is_more_urgent' ? step : -step));
      return copy;
    };
    if (def.perCategory) {
      const cats = Object.keys(r.weights.categories);
      const cat = rng.pick(cats);
      const byCat = new Map(values.get(def.id) as CategoryValues);
      byCat.set(cat, bump((byCat.get(cat) as ReadonlyMap<string, number> | undefined) ?? new Map()));
      values.set(def.id, byCat);
    } else {
      values.set(def.id, bump(values.get(def.id) as ReadonlyMap<string, number>));
    }
    const after = computePriority({ ...inp, values }, prof);
    const before = r.areas.find((a) => a.code === area)!;
    const now = after.areas.find((a) => a.code === area)!;
    assert.ok(now.rank <= before.rank, `trial ${trial}: making ${def.id} of ${area} more urgent moved it from rank ${before.rank} to ${now.rank}`);
    // Its own normalised values can only rise and the weights are the same, so its score cannot fall.
    assert.ok(now.score >= before.score - 1e-12, `trial ${trial}: score fell from ${before.score} to ${now.score}`);
    checked++;
  }
  assert.ok(checked > 250, `only ${checked} monotonicity checks ran`);
  assert.ok(noData < 40, `${noData} trials had no data`);
});

test('property: sensitivity on random inputs is consistent with its own case lists', () => {
  const rng = createRandom(99);
  for (let trial = 0; trial < 60; trial++) {
    const { inp, prof } = randomCase(rng.fork(trial));
    let s;
    try {
      s = prioritySensitivity(inp, prof);
    } catch (e) {
      if (e instanceof PriorityError && e.code === 'no_data') continue;
      throw e;
    }
    for (const c of s.cases) {
      assert.ok(c.weightAfter >= 0 && c.weightAfter <= 1);
      assert.ok(c.top.length >= Math.min(prof.topN, inp.areas.length));
    }
    for (const a of s.areas) {
      assert.equal(a.casesInTop, s.cases.filter((c) => c.top.includes(a.code)).length);
      assert.equal(a.stable, a.inBaselineTop && a.casesInTop === a.cases);
    }
  }
});

test('property: the ranks alone (for rank movement) are the ranks of the full scoring, and refuse the same periods', () => {
  const rng = createRandom(20261202);
  let compared = 0;
  for (let trial = 0; trial < 300; trial++) {
    const { inp, prof } = randomCase(rng.fork(trial));
    const full = computeOrNoData(inp, prof);
    if (!full) {
      assert.throws(() => priorityRanks(inp, prof), (e: unknown) => e instanceof PriorityError && e.code === 'no_data');
      continue;
    }
    const want = new Map(full.areas.map((a) => [a.code, a.rank]));
    const got = priorityRanks(inp, prof);
    assert.equal(got.length, want.size);
    for (const g of got) assert.equal(g.rank, want.get(g.code), `trial ${trial}, area ${g.code}`);
    compared++;
  }
  assert.ok(compared > 200, `${compared} cases compared`);
});

test('property: the columns a run stores are computePriority\'s summary, number for number, in rank order', () => {
  const rng = createRandom(20261204);
  let compared = 0;
  for (let trial = 0; trial < 300; trial++) {
    const { inp, prof } = randomCase(rng.fork(trial));
    const full = (() => {
      try {
        return computePriority(inp, prof, { detail: 'summary' });
      } catch (e) {
        if (e instanceof PriorityError && e.code === 'no_data') return null;
        throw e;
      }
    })();
    if (!full) {
      assert.throws(() => priorityColumns(inp, prof), (e: unknown) => e instanceof PriorityError && e.code === 'no_data');
      continue;
    }
    const cols = priorityColumns(inp, prof);
    assert.deepEqual(cols.codes, full.areas.map((a) => a.code));
    assert.deepEqual(cols.top, full.top);
    assert.deepEqual(cols.weights, full.weights);
    assert.deepEqual(cols.warnings, full.warnings);
    assert.deepEqual(cols.columns, full.columns);
    assert.equal(cols.epsilon, full.epsilon);
    full.areas.forEach((a, pos) => {
      const at = `trial ${trial}, area ${a.code}`;
      assert.equal(cols.score[pos], a.score, at);
      assert.equal(cols.rank[pos], a.rank, at);
      assert.equal(cols.countFallback[pos] === 1, a.flags.includes('count_instead_of_rate'), at);
      a.components.forEach((c, k) => {
        const col = cols.components[k];
        assert.equal(col.id, c.id);
        assert.equal(col.weight, c.weight);
        assert.equal(col.value[pos], c.value, `${at}, ${c.id}`);
        assert.equal(col.contribution ? col.contribution[pos] : null, c.contribution, `${at}, ${c.id} contribution`);
        assert.equal(col.factor ? col.factor[pos] : null, c.factor, `${at}, ${c.id} factor`);
      });
      assert.equal(cols.general ? cols.general[pos] : null, a.general, at);
      if (a.byCategory === null) assert.equal(cols.byCategory, null);
      else assert.deepEqual(Object.fromEntries(cols.byCategory!.map((b) => [b.category, b.value[pos]])), a.byCategory, at);
    });
    compared++;
  }
  assert.ok(compared > 200, `${compared} cases compared`);
});

test('dense columns (one value per area, in area order) score exactly as the same values in Maps; a bad column is refused naming the area', () => {
  const rng = createRandom(20261203);
  for (let trial = 0; trial < 100; trial++) {
    const { inp, prof } = randomCase(rng.fork(trial));
    const dense = new Map<string, AreaValues | CategoryValues>();
    const column = (m: ReadonlyMap<string, number> | undefined) => Float64Array.from(inp.areas, (a) => m?.get(a.code) ?? 0);
    for (const [id, v] of inp.values) {
      const def = inp.components.get(id)!;
      dense.set(id, def.perCategory
        ? new Map([...(v as CategoryValues)].map(([c, m]) => [c, column(m as ReadonlyMap<string, number>)]))
        : column(v as ReadonlyMap<string, number>));
    }
    const a = computeOrNoData(inp, prof);
    const b = computeOrNoData({ ...inp, values: dense }, prof);
    assert.deepEqual(b, a, `trial ${trial}`);
  }
  const areas = [{ code: 'A1', population: 100 }, { code: 'A2', population: null }];
  const base = { areas, categories: ['drugs'], components: DEFAULT_COMPONENTS };
  const prof = { normalisation: 'rank', aggregation: 'weighted_sum', componentWeights: { burden: 1 }, categoryWeights: { drugs: 1 }, topN: 1, ratePer1000: true, recencyHalfLifeDays: 90 } as const;
  const withBurden = (col: Float64Array) => ({ ...base, values: new Map([['burden', new Map([['drugs', col]])]]) });
  assert.equal(computePriority(withBurden(Float64Array.of(0, 5)), prof).areas[0].code, 'A2');
  assert.throws(() => computePriority(withBurden(Float64Array.of(1, Number.NaN)), prof), /area A2: value must be a finite number/);
  assert.throws(() => computePriority(withBurden(Float64Array.of(1, -2)), prof), /area A2: a count cannot be negative/);
  assert.throws(() => computePriority(withBurden(Float64Array.of(1)), prof), /a column of 1 values for 2 areas/);
});
