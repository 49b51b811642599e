import { api } from "./client.ts";

/** A chat account (Feishu, DingTalk, Slack user) bound to me, so the bot acts as me. */
export type ChatBinding = { id: string; platform: string; external_user_id: string; name: string | null; created_at: string };

export const bindingsApi = {
  mine: () => api.get<ChatBinding[]>("/im/bindings"),
  bind: (code: string) => api.post<ChatBinding>("/im/bindings", { code }),
  unbind: (id: string) => api.del<unknown>(`/im/bindings/${encodeURIComponent(id)}`),
};
