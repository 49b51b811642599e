import type { ConfigTable } from "@ops/shared/contracts/config.ts";
import type { TestSystem } from "../../../testing/harness.ts";
import { createConfigConsumers, type ConsumersOptions } from "./index.ts";

type Rec = { key: string; values: Record<string, unknown> };
type Live = { release: number; version: number };

/**
 * A stand-in for the data layer and the release side (only what consumers/ asks of them): tables
 * with records per version, a full release and an optional gray one for named consumers.
 * `release(..., {silent: true})` changes the store without telling this process: another process's release.
 */
export function fakeConfig(tables: ConfigTable[]) {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const states = new Map<string, Map<number, Rec[]>>();
  const full = new Map<string, Live>();
  const gray = new Map<string, Live & { consumers: string[] }>();
  const ended = new Map<string, number>();
  const listeners = new Set<(table: string) => void>();
  let stateReads = 0;
  return {
    data: {
      getTable: async (name: string) => byName.get(name) ?? null,
      stateAt: async (t: ConfigTable, v: number, opts?: { reveal?: boolean }) => {
        stateReads++;
        const rows = states.get(t.name)?.get(v) ?? [];
        const secret = t.fields.filter((f) => f.secret).map((f) => f.key);
        return rows.map((r) => ({ key: r.key, values: Object.fromEntries(Object.entries(r.values).map(([k, x]) => [k, secret.includes(k) && !opts?.reveal ? "••••••" : x])) }));
      },
    },
    releases: {
      async resolveFor(t: ConfigTable, c: { name: string; labels: string[] }) {
        const g = gray.get(t.name);
        if (g && g.consumers.includes(c.name)) return { release: g.release, version: g.version, gray: true };
        const f = full.get(t.name);
        return f ? { release: f.release, version: f.version, gray: false } : null;
      },
      onReleased(l: (table: string) => void) {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    },
    fingerprints: async (names: string[]) => new Map(names.map((n) => [n, `${full.get(n)?.release ?? 0}:${gray.get(n)?.release ?? 0}:${ended.get(n) ?? 0}`])),
    /** a new version with these records, released in full (or gray to the named consumers) */
    release(table: string, records: Rec[], opts: { silent?: boolean; grayTo?: string[] } = {}) {
      const versions = states.get(table) ?? states.set(table, new Map()).get(table)!;
      const version = versions.size + 1;
      versions.set(version, records);
      const number = Math.max(full.get(table)?.release ?? 0, gray.get(table)?.release ?? 0) + 1;
      if (opts.grayTo) gray.set(table, { release: number, version, consumers: opts.grayTo });
      else {
        full.set(table, { release: number, version });
        gray.delete(table);
        ended.set(table, (ended.get(table) ?? 0) + 1);
      }
      if (!opts.silent) for (const l of listeners) l(table);
      return { release: number, version };
    },
    get stateReads() {
      return stateReads;
    },
  };
}

export function table(name: string, extra: Partial<ConfigTable> = {}): ConfigTable {
  return {
    id: `t-${name}`, name, display_name: name, description: "", key_field: "code", read_roles: [], write_roles: [], needs_approval: false,
    approval_definition: "config-release", owner_department_id: null, keep_history_days: null, subscribers: [], system: false, version: 0, release: null,
    created_by: "admin", created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z",
    fields: [
      { key: "code", type: "text", label: "代码", required: true, unique: true },
      { key: "rate", type: "decimal", label: "费率", scale: 4 },
      { key: "api_key", type: "text", label: "密钥", secret: true },
    ],
    ...extra,
  };
}

/**
 * Mounts consumers/ over the fake on a test system's app (before its first request: the router is
 * built then). Used until the config module is wired into system.ts; the routes and the auth in
 * front of them are the real ones.
 */
export function mountConsumers(s: TestSystem, fake: ReturnType<typeof fakeConfig>, options: Partial<ConsumersOptions> = {}) {
  const consumers = createConfigConsumers({
    db: s.system.db, clock: s.clock, data: fake.data, releases: fake.releases, fingerprints: fake.fingerprints, options,
  });
  s.system.app.route("/api/v1", consumers.routes);
  return consumers;
}

