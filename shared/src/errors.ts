/**
 * One error type for every surface. `code` is `module.reason` (stable, machine-readable);
 * `status` is the HTTP status; the envelope code (40001, 40301, ...) derives from the status.
 * `messageKey` + `params` let each surface render the message in the caller's language.
 */
/** `message` is a message key; `params` fill its placeholders (never sent, only used to render it). */
export type FieldError = { field: string; message: string; params?: Record<string, unknown> };

export type AppErrorOptions = {
  status: number;
  expose?: boolean;
  retryable?: boolean;
  params?: Record<string, unknown>;
  errors?: FieldError[];
  cause?: unknown;
};

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly expose: boolean;
  readonly retryable: boolean;
  readonly params: Record<string, unknown>;
  readonly errors?: FieldError[];

  constructor(code: string, options: AppErrorOptions) {
    super(code, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = options.status;
    this.expose = options.expose ?? options.status < 500;
    this.retryable = options.retryable ?? false;
    this.params = options.params ?? {};
    this.errors = options.errors;
  }
}

/** Envelope codes of DESIGN.md §4, keyed by HTTP status. */
export const ENVELOPE_CODES: Record<number, number> = {
  400: 40001,
  401: 40101,
  403: 40301,
  404: 40401,
  409: 40901,
  413: 41301,
  415: 41501,
  423: 42301,
  429: 42901,
  500: 50001,
  503: 50301,
};

export function envelopeCode(status: number): number {
  return ENVELOPE_CODES[status] ?? (status >= 500 ? 50001 : status * 100 + 1);
}

export const badRequest = (code: string, errors?: FieldError[], params?: Record<string, unknown>) =>
  new AppError(code, { status: 400, errors, params });
export const unauthenticated = (code = "auth.unauthenticated", params?: Record<string, unknown>) =>
  new AppError(code, { status: 401, params });
export const forbidden = (code = "auth.forbidden", params?: Record<string, unknown>) =>
  new AppError(code, { status: 403, params });
export const notFound = (code = "common.not_found", params?: Record<string, unknown>) =>
  new AppError(code, { status: 404, params });
export const conflict = (code: string, params?: Record<string, unknown>, errors?: FieldError[]) =>
  new AppError(code, { status: 409, params, errors });
export const locked = (code: string, params?: Record<string, unknown>) =>
  new AppError(code, { status: 423, params });
export const rateLimited = (code = "common.rate_limited", params?: Record<string, unknown>) =>
  new AppError(code, { status: 429, params, retryable: true });

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
