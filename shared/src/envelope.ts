import type { FieldError } from "./errors.ts";

/** Body envelope of every /api/v1 response (DESIGN.md §4). */
export type Envelope<T> = {
  code: number;
  message: string;
  data: T;
  timestamp: number;
  errors?: FieldError[];
  error_id?: string;
  /** machine-readable reason, e.g. `iam.account_locked` */
  reason?: string;
};

export type Page<T> = {
  items: T[];
  total: number;
  page: number;
  page_size: number;
  pages: number;
};

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 200;
