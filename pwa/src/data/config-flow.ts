import type {
  ChangeSetStatus, ConfigChangeSet, ConfigConsumer, ConfigDiffEntry, ConfigRelease, ConfigTable, ConfigVersion, GraySpec,
} from "@ops/shared/contracts/config.ts";
import { api, type Query } from "./client.ts";
import type { Page } from "./types.ts";

export type { ChangeSetStatus, ConfigChangeSet, ConfigConsumer, ConfigDiffEntry, ConfigRelease, ConfigTable, ConfigVersion, GraySpec };
export { CHANGE_SET_STATUSES, RELEASE_STATUSES } from "@ops/shared/contracts/config.ts";

const t = (table: string) => `/config/tables/${encodeURIComponent(table)}`;
const cs = (id: string) => `/config/change-sets/${encodeURIComponent(id)}`;

/** Lists may come paged or plain; the pages read items either way. */
export const itemsOf = <T>(x: Page<T> | T[]): T[] => (Array.isArray(x) ? x : x.items);

/** A diff answer may be the entries or wrap them ({diff} / {entries}). */
const entriesOf = (x: unknown): ConfigDiffEntry[] => {
  if (Array.isArray(x)) return x as ConfigDiffEntry[];
  const o = (x ?? {}) as { diff?: ConfigDiffEntry[]; entries?: ConfigDiffEntry[] };
  return o.diff ?? o.entries ?? [];
};

export type VersionDetail = { version: ConfigVersion; diff: ConfigDiffEntry[] };

/** `GET …/versions/{v}` answers the version with its diff against v-1 (flat or as {version, diff}). */
const versionDetailOf = (x: unknown): VersionDetail => {
  const o = x as { version: ConfigVersion | number; diff?: ConfigDiffEntry[] };
  const version = typeof o.version === "object" ? o.version : (o as unknown as ConfigVersion);
  return { version, diff: entriesOf(o) };
};

/** Config center history, change sets, releases and consumers (the data pages live in the other config files). */
export const configFlowApi = {
  table: (name: string) => api.get<ConfigTable>(t(name)),
  tables: () => api.get<Page<ConfigTable> | ConfigTable[]>("/config/tables", { page_size: 200 }).then(itemsOf),
  versions: (table: string, q: Query = {}) => api.get<Page<ConfigVersion>>(`${t(table)}/versions`, q),
  version: async (table: string, v: number) => versionDetailOf(await api.get<unknown>(`${t(table)}/versions/${v}`)),
  diff: async (table: string, from: number, to: number) => entriesOf(await api.get<unknown>(`${t(table)}/versions/diff`, { from, to })),
  rollback: (table: string, v: number, reason: string) => api.post<unknown>(`${t(table)}/versions/${v}/rollback`, { reason }),

  changeSets: (q: Query) => api.get<Page<ConfigChangeSet>>("/config/change-sets", q),
  changeSet: (id: string) => api.get<ConfigChangeSet>(cs(id)),
  withdraw: (id: string) => api.post<ConfigChangeSet>(`${cs(id)}/withdraw`),
  emergencyPublish: (id: string, reason: string) => api.post<ConfigChangeSet>(`${cs(id)}/emergency-publish`, { reason }),

  releases: (table: string, q: Query = {}) => api.get<Page<ConfigRelease> | ConfigRelease[]>(`${t(table)}/releases`, { page_size: 100, ...q }).then(itemsOf),
  release: (table: string, input: { gray: GraySpec | null; note: string }) => api.post<ConfigRelease>(`${t(table)}/releases`, input),
  promote: (table: string, n: number) => api.post<ConfigRelease>(`${t(table)}/releases/${n}/promote`),
  abort: (table: string, n: number, reason: string) => api.post<ConfigRelease>(`${t(table)}/releases/${n}/abort`, { reason }),
  consumers: (table: string) => api.get<Page<ConfigConsumer> | ConfigConsumer[]>(`${t(table)}/consumers`, { page_size: 200 }).then(itemsOf),
};
