import { errorCatalog, errorStatus, isErrorCode, type ErrorCode, type FieldError } from '@cargo-window/contracts';

/** The one error type use cases throw. The error handler turns it into problem+json. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fieldErrors?: FieldError[];
  readonly extensions?: Record<string, unknown>;

  constructor(code: ErrorCode, detail?: string, options: { fieldErrors?: FieldError[]; extensions?: Record<string, unknown>; status?: number } = {}) {
    // An AppError is an answer (SLOT_FULL, NOT_FOUND …), not a fault: it carries no stack trace,
    // whose capture was a visible share of the server's time when a booking rush is refused.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(detail ?? errorCatalog[code].en);
    Error.stackTraceLimit = limit;
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? errorStatus(code);
    this.fieldErrors = options.fieldErrors;
    this.extensions = options.extensions;
  }
}

export function appError(code: ErrorCode, detail?: string, extensions?: Record<string, unknown>): AppError {
  return new AppError(code, detail, { extensions });
}

/** A 400 carrying field errors, for rules the schemas cannot see (e.g. a duplicate plate in a body). */
export function fieldError(field: string, code: ErrorCode, message?: string): AppError {
  return new AppError('VALIDATION', undefined, {
    fieldErrors: [{ field, code, message: message ?? errorCatalog[code].en }],
  });
}

export const notFound = (): AppError => new AppError('NOT_FOUND');
export const forbidden = (): AppError => new AppError('FORBIDDEN');

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError || (error instanceof Error && error.name === 'AppError' && isErrorCode((error as AppError).code));
}
