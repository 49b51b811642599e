import type { FieldError } from "@ops/shared/errors.ts";

export type { FieldError };

/**
 * A failed API call as the UI needs it: `message` is already in the user's language
 * (the API translates), `reason` is the stable machine code (e.g. `iam.account_locked`),
 * `errors` lists field problems to show next to the inputs.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: number,
    readonly reason: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }

  get offline(): boolean {
    return this.reason === "client.offline";
  }

  /** The message of one field, if the API flagged it. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;
