import { AsyncLocalStorage } from "node:async_hooks";
import { SQL } from "bun";

/**
 * The Store port. Modules write plain SQL with `?` placeholders that both dialects accept
 * (the PostgreSQL driver gets `$n`). Portable types only: TEXT (ids, ISO-8601 UTC timestamps
 * with ms, JSON), INTEGER (counts, 0/1 flags). `tx()` joins an outer transaction if one is
 * open; `afterCommit()` defers side effects (queue, notifications) until the outermost commit.
 */
export type Dialect = "sqlite" | "postgres";
export type Row = Record<string, unknown>;

export interface Db {
  readonly dialect: Dialect;
  all<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: unknown[]): Promise<T | undefined>;
  run(sql: string, params?: unknown[]): Promise<void>;
  tx<T>(fn: () => Promise<T>): Promise<T>;
  afterCommit(effect: () => unknown): void;
  inTx(): boolean;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

type TxState = { conn: SQL; effects: Array<() => unknown> };

export function toPositional(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** `sqlite:` URLs and bare paths open SQLite; `postgres://` opens PostgreSQL. */
export function dialectOf(url: string): Dialect {
  return /^postgres(ql)?:\/\//.test(url) ? "postgres" : "sqlite";
}

export type DbOptions = { onEffectError?: (e: unknown) => void; /** PostgreSQL pool size */ poolMax?: number };

export async function openDb(url: string, options: DbOptions = {}): Promise<Db> {
  const onEffectError = options.onEffectError ?? console.error;
  const dialect = dialectOf(url);
  const root =
    dialect === "sqlite" ? new SQL(url.startsWith("sqlite:") ? url : `sqlite://${url}`) : new SQL({ url, max: options.poolMax ?? 10 });
  if (dialect === "sqlite") {
    // busy_timeout before WAL: two processes opening a new file at once otherwise get SQLITE_BUSY.
    await root.unsafe("PRAGMA busy_timeout = 5000");
    await root.unsafe("PRAGMA journal_mode = WAL");
    await root.unsafe("PRAGMA foreign_keys = ON");
    await root.unsafe("PRAGMA synchronous = NORMAL");
  }
  const als = new AsyncLocalStorage<TxState>();
  // SQLite has one connection: a statement from another request issued while a transaction
  // is open would run inside it (and vanish on rollback). So on SQLite, statements outside
  // the transaction wait for it; PostgreSQL's pool gives each transaction its own connection.
  const gate = dialect === "sqlite" ? createMutex() : null;
  const text = (sql: string) => (dialect === "postgres" ? toPositional(sql) : sql);
  // Bun returns an array subclass carrying count/command; modules get plain arrays.
  const exec = async <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const state = als.getStore();
    const run = async () => Array.from((await (state?.conn ?? root).unsafe(text(sql), params.map(normalizeParam))) as T[]);
    return state || !gate ? run() : gate.run(run);
  };

  const db: Db = {
    dialect,
    all: exec,
    async get<T>(sql: string, params?: unknown[]) {
      return (await exec<T>(sql, params))[0];
    },
    async run(sql, params) {
      await exec(sql, params);
    },
    async tx<T>(fn: () => Promise<T>): Promise<T> {
      if (als.getStore()) return fn();
      const effects: Array<() => unknown> = [];
      const begin = () => root.begin((txConn) => als.run({ conn: txConn, effects }, fn)) as Promise<T>;
      const result = gate ? await gate.run(begin) : await begin();
      for (const effect of effects) {
        try {
          await effect();
        } catch (e) {
          onEffectError(e);
        }
      }
      return result;
    },
    afterCommit(effect) {
      const state = als.getStore();
      if (state) state.effects.push(effect);
      else queueMicrotask(() => Promise.resolve().then(effect).catch(onEffectError));
    },
    inTx: () => als.getStore() !== undefined,
    async ping() {
      try {
        await root.unsafe("SELECT 1");
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await root.close();
    },
  };
  return db;
}

function normalizeParam(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString();
  if (v !== null && typeof v === "object" && !(v instanceof Uint8Array)) return JSON.stringify(v);
  return v;
}

/** A FIFO async mutex: each holder runs after the previous one settled. */
function createMutex() {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      const result = tail.then(fn, fn);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
