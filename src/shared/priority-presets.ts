/**
 * The two analysis profiles COMAP ships (issue 3): "security first" and "water first". They
 * are starting points an analyst copies and adjusts; the category codes are the ones seeded in
 * migrations/001_foundation.sql.
 *
 * Both use rank normalisation (an area's value is the share of sub-districts it is worse than,
 * which one extreme sub-district cannot squash the way it squashes a min-max scale) and the
 * weighted sum (every part of the score can be shown as a share of it). Weights are points out
 * of 100, which reads better in the interface; the scoring normalises them.
 */
import type { PriorityProfile } from './priority.ts';

export interface PriorityPreset {
  id: 'security_first' | 'water_first';
  nameTh: string;
  nameEn: string;
  descriptionTh: string;
  descriptionEn: string;
  profile: PriorityProfile;
}

/** Incidents count most, then how recent they are, then trend and hot-spot membership. */
const COMPONENT_WEIGHTS = { burden: 50, recency: 20, trend: 15, hotspot: 15 };

const COMMON = {
  normalisation: 'rank',
  aggregation: 'weighted_sum',
  componentWeights: COMPONENT_WEIGHTS,
  topN: 20,
  ratePer1000: true,
  recencyHalfLifeDays: 90,
} as const;

export const SECURITY_FIRST: PriorityPreset = {
  id: 'security_first',
  nameTh: 'ความมั่นคงมาก่อน',
  nameEn: 'Security first',
  descriptionTh:
    'ให้น้ำหนักสูงแก่ปัญหาด้านความมั่นคง ได้แก่ ยาเสพติด การลักลอบเข้าเมืองและแรงงานต่างด้าวผิดกฎหมาย ' +
    'การลักลอบขนสินค้าหนีภาษี อาชญากรรมต่อชีวิตและทรัพย์สิน และความไม่สงบ ' +
    'โดยยังนำปัญหาด้านน้ำและทรัพยากรธรรมชาติมาพิจารณาด้วยน้ำหนักที่ต่ำกว่า',
  descriptionEn:
    'Weights security problems high: drugs, illegal border crossing and illegal foreign workers, smuggling, ' +
    'crime against life and property, and public unrest. Water and natural resource problems still count, with less weight.',
  profile: {
    ...COMMON,
    componentWeights: { ...COMPONENT_WEIGHTS },
    categoryWeights: {
      drugs: 20, illegal_crossing: 15, smuggling: 15, crime: 15, unrest: 15,
      flood: 4, drought: 4, water_quality: 4, forest: 4, other: 4,
    },
  },
};

export const WATER_FIRST: PriorityPreset = {
  id: 'water_first',
  nameTh: 'น้ำมาก่อน',
  nameEn: 'Water first',
  descriptionTh:
    'ให้น้ำหนักสูงแก่ปัญหาด้านน้ำและทรัพยากรธรรมชาติ ได้แก่ อุทกภัย ภัยแล้งและการขาดแคลนน้ำ คุณภาพน้ำ ' +
    'และการบุกรุกป่าและการชะล้างพังทลายของดิน ' +
    'โดยยังนำปัญหาด้านความมั่นคงมาพิจารณาด้วยน้ำหนักที่ต่ำกว่า',
  descriptionEn:
    'Weights water and natural resource problems high: flood, drought and water shortage, water quality, ' +
    'and forest encroachment and soil erosion. Security problems still count, with less weight.',
  profile: {
    ...COMMON,
    componentWeights: { ...COMPONENT_WEIGHTS },
    categoryWeights: {
      flood: 20, drought: 20, water_quality: 15, forest: 15,
      drugs: 5, illegal_crossing: 5, smuggling: 5, crime: 5, unrest: 5, other: 5,
    },
  },
};

/** The shipped presets, in the order the interface lists them. */
export const PRIORITY_PRESETS: readonly PriorityPreset[] = [SECURITY_FIRST, WATER_FIRST];

/** A shipped preset by id, with a copy of its profile the caller may change. */
export function priorityPreset(id: string): PriorityPreset | undefined {
  const p = PRIORITY_PRESETS.find((x) => x.id === id);
  return p && structuredClone(p);
}
