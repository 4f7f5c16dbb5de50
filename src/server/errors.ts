/**
 * Errors that reach the user. Every message says what is wrong and where (file, row, field),
 * in English with a Thai counterpart where the interface shows it.
 */

import type { ErrorDetail } from '../shared/api-types.ts';

export type { ErrorDetail };

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details: ErrorDetail[] = []) =>
  new AppError(400, 'bad_request', message, details);
export const unauthorized = (message = 'sign-in required') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'not allowed for your role or area') => new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const conflict = (message: string) => new AppError(409, 'conflict', message);
export const tooLarge = (message: string) => new AppError(413, 'too_large', message);

/** An import that failed validation: nothing was stored; `details` lists rows and fields. */
export class ImportError extends AppError {
  constructor(message: string, details: ErrorDetail[]) {
    super(422, 'invalid_import', message, details);
  }
}
