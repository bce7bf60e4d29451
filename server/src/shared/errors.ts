/**
 * Domain errors. Commands and policies throw these; the HTTP layer turns them into the
 * one error shape (see http/error-handler.ts) and the CLI into a message and exit code.
 */
import type { ErrorCode, FieldProblem } from '@observatory/core';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
    readonly field?: string,
    readonly errors?: FieldProblem[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** A 429 that tells the client when to come back (the Retry-After header). */
export class TooManyRequests extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super('rate_limited', 429, message);
  }
}

export const notFound = (what: string) => new AppError('not_found', 404, `${what} was not found`);
export const forbidden = (message = 'you are not allowed to do this') => new AppError('forbidden', 403, message);
export const unauthenticated = (message = 'sign in first') => new AppError('unauthenticated', 401, message);
export const conflict = (message: string, field?: string) => new AppError('conflict', 409, message, field);
export const invalid = (message: string, field?: string, errors?: FieldProblem[]) =>
  new AppError('validation_failed', 400, message, field, errors);
