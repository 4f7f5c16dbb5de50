/**
 * The people's voice (issue 5): the words and the shapes of answers, needs, village meetings and
 * the evaluation, shared by the server, the public board and the signed-in pages.
 */

/** Does the project meet your needs? */
export const MEETS = ['yes', 'partly', 'no'] as const;
export type Meets = (typeof MEETS)[number];

/** How an answer or a need reached COMAP. */
export const CHANNELS = ['public_web', 'village_meeting', 'peace_council'] as const;
export type Channel = (typeof CHANNELS)[number];
/** The channels an officer records a sitting under. */
export const MEETING_CHANNELS = ['village_meeting', 'peace_council'] as const;
export type MeetingChannel = (typeof MEETING_CHANNELS)[number];

/** Limits every entry point checks (the database checks them again). */
export const FEEDBACK_LIMITS = {
  commentChars: 2000,
  needChars: 2000,
  placeChars: 300,
  nameChars: 200,
  phoneChars: 50,
  emailChars: 200,
  reasonChars: 500,
  /** Answers and needs in one village-meeting sitting. */
  meetingRows: 1000,
  attendanceMax: 100000,
} as const;

/** The consent wording version a person agrees to when leaving contact details. */
export const CONSENT_VERSION = 'pdpa-2569-1';

/** Settings of the feedback module, kept in app_setting. */
export interface FeedbackSettings {
  /** Days contact details are kept after they were given; then they are deleted. */
  contactRetentionDays: number;
  /** Fewer answers than this are flagged as too few to judge. */
  evaluationMinAnswers: number;
}

/** Contact details given with explicit consent (never shown publicly). */
export interface ContactInput {
  name?: string;
  phone?: string;
  email?: string;
  /** Must be true: the person agreed to the wording of CONSENT_VERSION. */
  consent: boolean;
}

/** A public answer about one project (POST /api/public/projects/:id/feedback). */
export interface PublicAnswerInput {
  /** The sub-district the person lives in; the project must reach it this fiscal year. */
  subdistrictCode: string;
  villageCode?: string | null;
  meets: Meets;
  /** 1-5. */
  rating: number;
  comment?: string;
  contact?: ContactInput | null;
  /** A random token the device keeps (the board sets it): one answer per device, project and quarter. */
  clientId: string;
  /** Honeypot: a field people never see; any value marks the sender as a robot. */
  website?: string;
}

/** A public need (POST /api/public/subdistricts/:code/needs). */
export interface PublicNeedInput {
  categoryCode: string;
  description: string;
  villageCode?: string | null;
  contact?: ContactInput | null;
  clientId: string;
  website?: string;
}

export interface PublicAnswerResult {
  id: number;
  /** True when this device had already answered this project this quarter and the answer was replaced. */
  replaced: boolean;
  fiscalYear: number;
  quarter: number;
}

/** One sitting recorded by a sub-district officer or peace council (POST /api/feedback/meetings). */
export interface MeetingInput {
  subdistrictCode: string;
  villageCode?: string | null;
  /** YYYY-MM-DD (Common Era), not in the future. */
  meetingDate: string;
  place: string;
  attendance: number;
  channel: MeetingChannel;
  note?: string;
  answers: Array<{ projectId: number; meets: Meets; rating?: number | null; comment?: string; villageCode?: string | null }>;
  needs?: Array<{ categoryCode: string; description: string; villageCode?: string | null }>;
}

/** An answer as signed-in users read it (never the contact details themselves). */
export interface FeedbackItem {
  id: number;
  projectId: number;
  projectTitle: string;
  agencyId: number;
  subdistrictCode: string;
  subdistrictTh: string;
  villageCode: string | null;
  villageTh: string | null;
  meets: Meets;
  rating: number | null;
  /** Empty when hidden, for users who may not moderate. */
  comment: string;
  channel: Channel;
  meetingId: number | null;
  receivedAt: string;
  fiscalYear: number;
  quarter: number;
  hidden: { at: string; by: string | null; reason: string } | null;
  hasContact: boolean;
}

export interface NeedItem {
  id: number;
  subdistrictCode: string;
  subdistrictTh: string;
  villageCode: string | null;
  villageTh: string | null;
  categoryCode: string;
  description: string;
  channel: Channel;
  meetingId: number | null;
  receivedAt: string;
  fiscalYear: number;
  project: { id: number; title: string; agencyId: number } | null;
  hidden: { at: string; by: string | null; reason: string } | null;
  hasContact: boolean;
}

/** The dimensions of the evaluation; 'project_area' is one project in one sub-district. */
export const EVALUATION_DIMENSIONS = ['province', 'project', 'project_area', 'agency', 'subdistrict', 'district', 'category', 'channel'] as const;
export type EvaluationDimension = (typeof EVALUATION_DIMENSIONS)[number];

/** Counts of one line of an evaluation. */
export interface EvaluationCounts {
  answers: number;
  yes: number;
  partly: number;
  no: number;
  /** Answers that gave a rating, and the sum of those ratings. */
  rated: number;
  ratingSum: number;
}

/** One line as the API gives it, with what is derived from the counts. */
export interface EvaluationLine extends EvaluationCounts {
  dimension: EvaluationDimension;
  key: string;
  labelTh: string;
  labelEn: string;
  /** yes / answers, 0..1; null without answers. */
  shareMeets: number | null;
  meanRating: number | null;
  /** Fewer answers than the snapshot's minimum: shown, but flagged as too few to judge. */
  tooFew: boolean;
}

export interface EvaluationSnapshotInfo {
  id: number;
  provinceCode: string;
  fiscalYear: number;
  /** 1-4, or 0 for the whole fiscal year. */
  quarter: number;
  state: 'provisional' | 'closed';
  minAnswers: number;
  answers: number;
  computedAt: string;
  closedAt: string | null;
}

/** Share of answers saying the project meets needs; null without answers. */
export function shareMeets(c: EvaluationCounts): number | null {
  return c.answers > 0 ? c.yes / c.answers : null;
}

/** Mean of the ratings given; null when none was. */
export function meanRating(c: EvaluationCounts): number | null {
  return c.rated > 0 ? c.ratingSum / c.rated : null;
}

/**
 * Whether a project's evaluation (in one sub-district and period) says it met needs: at least half
 * of its answers say yes ("partly" is not yes). Null when it has too few answers to judge.
 */
export function metNeeds(c: EvaluationCounts, minAnswers: number): boolean | null {
  if (c.answers < minAnswers) return null;
  return c.yes * 2 >= c.answers;
}
