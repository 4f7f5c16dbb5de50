/**
 * Checks and cleaning of public answers and needs, without the database: the shape of each field,
 * lengths, formats and the consent rule. The JSON routes validate the shape with their schemas
 * first; the board's HTML forms reach the service without them, so everything is checked again here.
 */
import { badRequest, type ErrorDetail } from '../errors.ts';
import { honeypotFilled } from './abuse.ts';
import { FEEDBACK_LIMITS, MEETS, type ContactInput, type Meets, type PublicAnswerInput, type PublicNeedInput } from '../../shared/feedback-types.ts';

/** Characters never kept: C0 and C1 controls except tab and newline, and bidirectional overrides (they can make a comment read differently from what it says). */
// eslint-disable-next-line no-control-regex
const STRIP = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * The text as stored: line ends made \n, control characters removed, trimmed. Markup stays as
 * typed (a `<script>` is text; every page escapes what it shows).
 */
export function cleanText(value: unknown): string {
  if (value == null) return '';
  return String(value).replace(/\r\n?/g, '\n').replace(STRIP, '').trim();
}

/** Characters as PostgreSQL's length() counts them (code points, not UTF-16 units). */
export function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n += 1;
  return n;
}

/** A phone number as people write it: digits with spaces, dashes, dots, brackets, an optional leading +; 9 to 15 digits. */
export function isPlausiblePhone(s: string): boolean {
  if (!/^\+?[0-9(][0-9 ().-]*$/.test(s)) return false;
  const digits = s.replace(/[^0-9]/g, '').length;
  return digits >= 9 && digits <= 15;
}

/** An e-mail address of the simple form local@domain.tld, without spaces. */
export function isPlausibleEmail(s: string): boolean {
  return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(s);
}

/** Contact details as stored: all three strings (empty when not given). */
export interface CleanContact {
  name: string;
  phone: string;
  email: string;
}

/** A public answer after the checks. */
export interface CleanAnswer {
  subdistrictCode: string;
  villageCode: string | null;
  meets: Meets;
  rating: number;
  comment: string;
  contact: CleanContact | null;
  clientId: string;
  honeypot: boolean;
}

/** A public need after the checks. */
export interface CleanNeed {
  categoryCode: string;
  description: string;
  villageCode: string | null;
  contact: CleanContact | null;
  clientId: string;
  honeypot: boolean;
}

const CLIENT_ID = /^[A-Za-z0-9_-]{8,128}$/;

function field(details: ErrorDetail[], name: string, message: string): void {
  details.push({ field: name, message: `${name}: ${message}` });
}

function fail(details: ErrorDetail[]): never {
  throw badRequest(details.map((d) => d.message).join('; '), details);
}

function checkClientId(details: ErrorDetail[], v: unknown): string {
  const s = typeof v === 'string' ? v : '';
  if (!CLIENT_ID.test(s)) field(details, 'clientId', 'must be the device token of 8 to 128 letters, digits, "-" or "_"');
  return s;
}

function checkVillage(details: ErrorDetail[], v: unknown): string | null {
  if (v == null || v === '') return null;
  const s = String(v).trim();
  if (!/^[0-9]{8}$/.test(s)) field(details, 'villageCode', `must be a village code of 8 digits, got "${s.slice(0, 20)}"`);
  return s;
}

/**
 * Contact details, or null when none was given (every field empty, whatever the consent box says:
 * a form always sends its empty fields). Details given need `consent: true`.
 */
export function checkContact(details: ErrorDetail[], c: ContactInput | null | undefined): CleanContact | null {
  if (c == null) return null;
  if (typeof c !== 'object') {
    field(details, 'contact', 'must be an object with name, phone, email and consent');
    return null;
  }
  const out = { name: cleanText(c.name), phone: cleanText(c.phone), email: cleanText(c.email) };
  if (!out.name && !out.phone && !out.email) {
    if (c.consent === true) field(details, 'contact', 'give a name, a phone number or an e-mail address, or leave the consent unticked');
    return null;
  }
  if (c.consent !== true) {
    field(details, 'contact.consent', 'consent is required to keep contact details (PDPA): set consent to true once the person has agreed to the notice, or send no contact details');
  }
  if (charLength(out.name) > FEEDBACK_LIMITS.nameChars) field(details, 'contact.name', `at most ${FEEDBACK_LIMITS.nameChars} characters`);
  if (charLength(out.phone) > FEEDBACK_LIMITS.phoneChars) field(details, 'contact.phone', `at most ${FEEDBACK_LIMITS.phoneChars} characters`);
  else if (out.phone && !isPlausiblePhone(out.phone)) field(details, 'contact.phone', 'is not a phone number (digits, spaces and dashes, 9 to 15 digits, e.g. 081-234-5678)');
  if (charLength(out.email) > FEEDBACK_LIMITS.emailChars) field(details, 'contact.email', `at most ${FEEDBACK_LIMITS.emailChars} characters`);
  else if (out.email && !isPlausibleEmail(out.email)) field(details, 'contact.email', 'is not an e-mail address (name@example.com)');
  return out;
}

/** Checks and cleans a public answer; throws a 400 naming every wrong field. */
export function checkAnswer(input: PublicAnswerInput): CleanAnswer {
  const details: ErrorDetail[] = [];
  if (input == null || typeof input !== 'object') fail([{ field: 'body', message: 'body: must be an answer object' }]);
  const subdistrictCode = String(input.subdistrictCode ?? '').trim();
  if (!/^[0-9]{6}$/.test(subdistrictCode)) field(details, 'subdistrictCode', `must be a sub-district code of 6 digits, got "${subdistrictCode.slice(0, 20)}"`);
  const villageCode = checkVillage(details, input.villageCode);
  const meets = input.meets as Meets;
  if (!MEETS.includes(meets)) field(details, 'meets', `must be one of ${MEETS.join(', ')}, got "${String(input.meets).slice(0, 20)}"`);
  // A form sends text: "4" is 4, but "4.5", "" or "seven" are not ratings.
  const rating = typeof input.rating === 'string' && /^\s*[0-9]+\s*$/.test(input.rating) ? Number(input.rating) : input.rating;
  if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5) {
    field(details, 'rating', `must be a whole number from 1 to 5, got ${JSON.stringify(input.rating ?? null).slice(0, 20)}`);
  }
  const comment = cleanText(input.comment);
  if (charLength(comment) > FEEDBACK_LIMITS.commentChars) {
    field(details, 'comment', `at most ${FEEDBACK_LIMITS.commentChars} characters, got ${charLength(comment)}`);
  }
  const contact = checkContact(details, input.contact);
  const clientId = checkClientId(details, input.clientId);
  if (details.length) fail(details);
  return { subdistrictCode, villageCode, meets, rating: rating as number, comment, contact, clientId, honeypot: honeypotFilled(input.website) };
}

/** Checks and cleans a public need; throws a 400 naming every wrong field. */
export function checkNeed(input: PublicNeedInput): CleanNeed {
  const details: ErrorDetail[] = [];
  if (input == null || typeof input !== 'object') fail([{ field: 'body', message: 'body: must be a need object' }]);
  const categoryCode = String(input.categoryCode ?? '').trim();
  if (!/^[a-z][a-z0-9_]*$/.test(categoryCode)) field(details, 'categoryCode', 'must be a category code such as "drought"');
  const description = cleanText(input.description);
  if (!description) field(details, 'description', 'describe the need (it is empty)');
  else if (charLength(description) > FEEDBACK_LIMITS.needChars) field(details, 'description', `at most ${FEEDBACK_LIMITS.needChars} characters, got ${charLength(description)}`);
  const villageCode = checkVillage(details, input.villageCode);
  const contact = checkContact(details, input.contact);
  const clientId = checkClientId(details, input.clientId);
  if (details.length) fail(details);
  return { categoryCode, description, villageCode, contact, clientId, honeypot: honeypotFilled(input.website) };
}
