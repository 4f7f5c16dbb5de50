/**
 * Every string of the interface, Thai first. Each feature keeps its strings in
 * `src/web/messages/<feature>.ts`: a Thai dictionary that defines the keys and an English one typed
 * with exactly the same keys, so a missing or extra string fails the type check. `{name}` marks a
 * value filled in by `t(key, {name: ...})`. Two features may not define the same key: the check
 * below makes a clash a type error.
 */
import * as core from './messages/core.ts';
import * as targets from './messages/targets.ts';
import * as profiles from './messages/profiles.ts';
import * as agencies from './messages/agencies.ts';
import * as projects from './messages/projects.ts';
import * as projectImport from './messages/project-import.ts';
import * as indicators from './messages/indicators.ts';
import * as dashboard from './messages/dashboard.ts';
import * as feedback from './messages/feedback.ts';

type Disjoint<A, B> = keyof A & keyof B extends never ? B : never;
const features = <A, B>(a: A, b: Disjoint<A, B>): A & B => ({ ...a, ...b });

// Each step adds one feature's strings; a key defined by two features fails the type check here.
const th1 = features(core.th, targets.th);
const th2 = features(th1, profiles.th);
const th3 = features(th2, agencies.th);
const th4 = features(th3, projects.th);
const th5 = features(th4, projectImport.th);
const th6 = features(th5, indicators.th);
const th7 = features(th6, dashboard.th);
export const th = features(th7, feedback.th);
export type MessageKey = keyof typeof th;
export const en: Record<MessageKey, string> = {
  ...core.en,
  ...targets.en,
  ...profiles.en,
  ...agencies.en,
  ...projects.en,
  ...projectImport.en,
  ...indicators.en,
  ...dashboard.en,
  ...feedback.en,
};
