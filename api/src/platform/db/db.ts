import { AsyncLocalStorage } from "node:async_hooks";
import { SQL } from "bun";
import { openSqlite, type SqliteConn } from "./sqlite-conn.ts";
import { statementPolicy } from "./pg-statements.ts";

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
  /**
   * A signal to every process on this store (PostgreSQL NOTIFY; delivered at commit inside a
   * transaction, dropped on rollback). SQLite has one process per file: listeners in this process.
   */
  notify(channel: string, payload: string): Promise<void>;
  /**
   * Subscribes to `notify`; resolves once subscribed, with the way to unsubscribe. `onState` hears whether the
   * subscription is up: false when PostgreSQL's listen connection drops (notifications sent meanwhile are lost),
   * true once it is subscribed again (the store reconnects by itself); SQLite's is always up.
   */
  listen(channel: string, onPayload: (payload: string) => void, onState?: ListenState): Promise<() => Promise<void>>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Hears a subscription's state: `true` once subscribed (at first and after every reconnect), `false` when it drops. */
export type ListenState = (listening: boolean) => void;

/** The open transaction: PostgreSQL's connection for it (SQLite has only one), and its after-commit effects. */
type TxState = { conn: SQL | null; effects: Array<() => unknown> };

/** Converted texts, kept: the same few hundred statements run on every request. */
const positional = new Map<string, string>();

export function toPositional(sql: string): string {
  let out = positional.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    if (positional.size >= 2_000) positional.clear();
    positional.set(sql, out);
  }
  return out;
}

/** `sqlite:` URLs and bare paths open SQLite; `postgres://` opens PostgreSQL. */
export function dialectOf(url: string): Dialect {
  return /^postgres(ql)?:\/\//.test(url) ? "postgres" : "sqlite";
}

export type DbOptions = {
  onEffectError?: (e: unknown) => void;
  /** PostgreSQL pool size */
  poolMax?: number;
  /** PostgreSQL run-time parameters of every connection (e.g. `synchronous_commit: "off"` for a pool of throwaway counters) */
  connection?: Record<string, string>;
};

export async function openDb(url: string, options: DbOptions = {}): Promise<Db> {
  return dialectOf(url) === "sqlite" ? openSqliteDb(url, options) : openPostgresDb(url, options);
}

/** The parts both dialects share: the transaction context and the after-commit effects. */
type Engine = {
  dialect: Dialect;
  exec<T>(sql: string, params: unknown[], state: TxState | undefined): Promise<T[]>;
  begin<T>(run: (state: TxState) => Promise<T>): Promise<T>;
  /** PostgreSQL LISTEN on a dedicated connection; absent for SQLite (in-process signals only). */
  listen?(channel: string, onPayload: (payload: string) => void, onState?: ListenState): Promise<() => Promise<void>>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
};

function storeOver(engine: Engine, options: DbOptions): Db {
  const onEffectError = options.onEffectError ?? console.error;
  const als = new AsyncLocalStorage<TxState>();
  const exec = <T>(sql: string, params: unknown[] = []) => engine.exec<T>(sql, params.map(normalizeParam), als.getStore());
  const local = localSignals();
  return {
    dialect: engine.dialect,
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
      const result = await engine.begin((state) => als.run({ ...state, effects }, fn));
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
    async notify(channel, payload) {
      if (engine.listen) return void (await exec("SELECT pg_notify(?, ?)", [channel, payload]));
      const state = als.getStore();
      if (state) state.effects.push(() => local.emit(channel, payload));
      else local.emit(channel, payload);
    },
    listen: (channel, onPayload, onState) => (engine.listen ? engine.listen(channel, onPayload, onState) : local.listen(channel, onPayload, onState)),
    ping: () => engine.ping(),
    close: () => engine.close(),
  };
}

async function openSqliteDb(url: string, options: DbOptions): Promise<Db> {
  const conn: SqliteConn = openSqlite(url);
  // busy_timeout before WAL: two processes opening a new file at once otherwise get SQLITE_BUSY.
  conn.exec("PRAGMA busy_timeout = 5000");
  conn.exec("PRAGMA journal_mode = WAL");
  conn.exec("PRAGMA foreign_keys = ON");
  conn.exec("PRAGMA synchronous = NORMAL");
  // SQLite has one connection: a statement from another request issued while a transaction
  // is open would run inside it (and vanish on rollback). So statements outside the
  // transaction wait for it.
  const gate = createMutex();
  return storeOver({
    dialect: "sqlite",
    exec: async <T>(sql: string, params: unknown[], state: TxState | undefined) =>
      // With no transaction open or waiting, nothing can be ahead of this statement: run it now
      // (a trip through the queue cost two promises and a turn of the microtask queue each).
      state || gate.idle() ? conn.all<T>(sql, params) : gate.run(async () => conn.all<T>(sql, params)),
    begin: <T>(run: (state: TxState) => Promise<T>) =>
      gate.run(async () => {
        conn.exec("BEGIN");
        try {
          const result = await run({ conn: null, effects: [] });
          conn.exec("COMMIT");
          return result;
        } catch (e) {
          conn.exec("ROLLBACK");
          throw e;
        }
      }),
    ping: async () => {
      try {
        conn.all("SELECT 1", []);
        return true;
      } catch {
        return false;
      }
    },
    close: async () => conn.close(),
  }, options);
}

async function openPostgresDb(url: string, options: DbOptions): Promise<Db> {
  const root = new SQL({ url, max: options.poolMax ?? 10, ...(options.connection ? { connection: options.connection } : {}) });
  // LISTEN gets a client of its own (Bun opens one dedicated connection for a client's subscriptions either way): its
  // `onclose` then speaks for that connection alone, so a dropped subscription can be told (readiness of the bus)
  const states = new Set<ListenState>();
  let listener: SQL | null = null;
  let closed = false;
  const listenClient = (): SQL => {
    // as on the pool: nothing listens once the store is closed (a new client would connect and retry for ever)
    if (closed) throw new Error("the store is closed");
    return (listener ??= new SQL({
      url, max: 1, ...(options.connection ? { connection: options.connection } : {}),
      // a drop, a failed reconnect, or the close
      onclose: () => {
        for (const fn of [...states]) fn(false);
      },
    }));
  };
  const statements = statementPolicy(toPositional);
  // Bun returns an array subclass carrying count/command; modules get plain arrays.
  return storeOver({
    dialect: "postgres",
    exec: async <T>(sql: string, params: unknown[], state: TxState | undefined) => {
      const conn = state?.conn ?? root;
      const plan = statements.plan(sql, params.length);
      return Array.from((await ("template" in plan ? conn(plan.template) : conn.unsafe(plan.text, params))) as T[]);
    },
    begin: <T>(run: (state: TxState) => Promise<T>) => root.begin((txConn) => run({ conn: txConn, effects: [] })) as Promise<T>,
    async listen(channel, onPayload, onState) {
      // each registration is its own, even for the same function
      const own: ListenState | null = onState ? (up) => onState(up) : null;
      if (own) states.add(own);
      try {
        // Bun re-subscribes after a drop by itself (backoff 250 ms to 32 s) and calls the third argument each time
        const subscription = await listenClient().listen(channel, onPayload, own ? () => own(true) : undefined);
        return async () => {
          if (own) states.delete(own);
          await subscription.unlisten();
        };
      } catch (e) {
        if (own) states.delete(own);
        throw e;
      }
    },
    ping: async () => {
      try {
        await root.unsafe("SELECT 1");
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      closed = true;
      await listener?.close();
      await root.close();
    },
  }, options);
}

function normalizeParam(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof Date) return v.toISOString();
  if (v !== null && typeof v === "object" && !(v instanceof Uint8Array)) return JSON.stringify(v);
  return v;
}

/** In-process channels for the SQLite store (its one process is the only one listening). */
function localSignals() {
  const channels = new Map<string, Set<(payload: string) => void>>();
  return {
    emit(channel: string, payload: string) {
      for (const fn of [...(channels.get(channel) ?? [])]) fn(payload);
    },
    async listen(channel: string, fn: (payload: string) => void, onState?: ListenState) {
      let set = channels.get(channel);
      if (!set) channels.set(channel, (set = new Set()));
      // Each registration is its own, even for the same function.
      const own = (payload: string) => fn(payload);
      set.add(own);
      // in the process: never down
      onState?.(true);
      return async () => void set.delete(own);
    },
  };
}

/** A FIFO async mutex: each holder runs after the previous one settled. */
function createMutex() {
  let tail: Promise<unknown> = Promise.resolve();
  let held = 0;
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      held++;
      const result = tail.then(fn, fn);
      tail = result.catch(() => undefined).finally(() => held--);
      return result;
    },
    /** Nothing holds the mutex or waits for it. */
    idle: () => held === 0,
  };
}
