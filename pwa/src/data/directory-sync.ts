import { api } from "./client.ts";

import type { SyncProvider, SyncRun } from "@ops/shared/contracts/directory-sync.ts";

/** Directory sync from Feishu / DingTalk / WeCom contacts (api/src/modules/iam/sync; permission iam:user:sync). */
export type { DeptStep, FieldChange, SyncConflict, SyncPlan, SyncProvider, SyncRun, UserStep } from "@ops/shared/contracts/directory-sync.ts";

export const directorySyncApi = {
  providers: () => api.get<{ providers: SyncProvider[] }>("/directory-sync/providers"),
  start: (provider: SyncProvider, dry_run: boolean, wait = false) => api.post<SyncRun>("/directory-sync/runs", { provider, dry_run, wait }),
  runs: (provider?: SyncProvider) => api.get<{ items: SyncRun[] }>("/directory-sync/runs", { provider }),
  run: (id: string) => api.get<SyncRun>(`/directory-sync/runs/${encodeURIComponent(id)}`),
};
