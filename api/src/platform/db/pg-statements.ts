/**
 * How a statement goes to PostgreSQL through Bun SQL (1.4). `sql.unsafe(text, values)` with values
 * is sent as a named prepared statement that Bun keeps per connection, so PostgreSQL plans it a few
 * times and then reuses a generic plan. Without values, `unsafe` uses the simple protocol: the text
 * is parsed and planned again on every call. Parameterless statements are common here (a user page
 * without filters, settings and role loads), and for the authenticated user list that planning was
 * most of the database's work: 167 µs of backend CPU per page query, 50 µs once prepared (measured
 * on PostgreSQL 15 with the bench's data).
 *
 * Bun prepares a statement without values only when it is called as a tagged template, so such a
 * text is sent as one (the same text `unsafe` would get) when:
 * - it is DML (SELECT / INSERT / UPDATE / DELETE / WITH): DDL and `SET`-style commands are not
 *   planned, run once, and may hold several statements, which a prepared statement cannot;
 * - it has run before in this process (one-off texts, such as ad-hoc SQL, stay unprepared);
 * - fewer than MAX_PREPARED texts were turned into templates: Bun keeps a connection's prepared
 *   statements until the connection closes, so this must not grow without bound.
 */
export const MAX_PREPARED = 1_000;
const MAX_SEEN = 5_000;
const DML = /^\s*(select|insert|update|delete|with)\b/i;

export type StatementPlan = { template: TemplateStringsArray } | { text: string };

export type StatementPolicy = {
  /** The template to call the connection with, or the `$n` text for `unsafe`. */
  plan(sql: string, paramCount: number): StatementPlan;
  /** How many texts became templates (tests; the cap). */
  readonly preparedCount: number;
};

/** A template object as a tag call receives one: frozen, with a non-enumerable frozen `raw`. */
export function templateOf(sql: string): TemplateStringsArray {
  const strings = [sql];
  Object.defineProperty(strings, "raw", { value: Object.freeze([sql]) });
  return Object.freeze(strings) as unknown as TemplateStringsArray;
}

export function statementPolicy(toPositional: (sql: string) => string, maxPrepared = MAX_PREPARED): StatementPolicy {
  // The same template object each time: Bun keys its statement cache by the text, and one object is cheaper.
  const prepared = new Map<string, TemplateStringsArray>();
  const seen = new Set<string>();
  return {
    plan(sql, paramCount) {
      if (paramCount > 0) return { text: toPositional(sql) };
      const template = prepared.get(sql);
      if (template) return { template };
      if (prepared.size < maxPrepared && DML.test(sql)) {
        if (seen.has(sql)) {
          seen.delete(sql);
          const made = templateOf(toPositional(sql));
          prepared.set(sql, made);
          return { template: made };
        }
        if (seen.size >= MAX_SEEN) seen.clear();
        seen.add(sql);
      }
      return { text: toPositional(sql) };
    },
    get preparedCount() {
      return prepared.size;
    },
  };
}
