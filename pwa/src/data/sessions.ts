import { api, type Query } from "./client.ts";
import type { OnlineSession, Page, Session } from "./types.ts";

/** The caller's own sessions and, for operators, everyone's online sessions. */
export const sessionsApi = {
  mine: () => api.get<{ items: Session[] }>("/auth/sessions"),
  endMine: (id: string) => api.del<unknown>(`/auth/sessions/${encodeURIComponent(id)}`),
  online: (q: Query) => api.get<Page<OnlineSession>>("/auth/online-sessions", q),
  kickSession: (id: string) => api.del<unknown>(`/auth/online-sessions/${encodeURIComponent(id)}`),
  kickUser: (userId: string) => api.del<unknown>(`/auth/online-users/${encodeURIComponent(userId)}`),
};
