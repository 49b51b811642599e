import type { Actor } from "@ops/shared";
import type { SqlFragment } from "./db/query.ts";

/**
 * Turns the actor's data scope into a WHERE fragment over a table's department and owner
 * columns (null: no restriction). Implemented by IAM; every module that lists rows takes it
 * in its deps so that scopes mean the same thing everywhere.
 */
export type ScopeFilter = (
  actor: Actor,
  columns: { dept?: string; owner?: string },
) => Promise<SqlFragment | null>;
