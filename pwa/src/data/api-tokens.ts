import type { ApiToken } from "@ops/shared/contracts/config.ts";
import { api } from "./client.ts";
import type { Page } from "./types.ts";

export type { ApiToken };

export type ApiTokenInput = { name: string; scopes: string[]; labels: string[]; expires_at: string | null };

/** The secret comes back once, at creation (named `token`; `secret` read too in case). */
export type CreatedToken = ApiToken & { token?: string; secret?: string };

/** API tokens for consumers and third parties (iam:token:manage). */
export const apiTokensApi = {
  list: () => api.get<Page<ApiToken> | ApiToken[]>("/api-tokens", { page_size: 200 }).then((x) => (Array.isArray(x) ? x : x.items)),
  create: (input: ApiTokenInput) => api.post<CreatedToken>("/api-tokens", input),
  revoke: (id: string) => api.del<unknown>(`/api-tokens/${encodeURIComponent(id)}`),
};
