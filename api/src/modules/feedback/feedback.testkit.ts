import type { TestSystem } from "../../testing/harness.ts";

/** A real 1×1 PNG as a data URL. */
export const TINY_PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

/** A PNG header followed by `bytes` of padding: valid type, any size. */
export function pngOfSize(bytes: number): string {
  const buf = Buffer.alloc(bytes);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(buf);
  return `data:image/png;base64,${buf.toString("base64")}`;
}

export const CONTEXT = {
  app_version: "0.1.0", language: "zh-CN", viewport: "390x844", user_agent: "Mozilla/5.0 (iPhone) test", online: true,
  last_error_id: "01J0000000ERR", last_error_reason: "iam.user_manage_forbidden",
};

export function feedbackApi(s: TestSystem) {
  const api = (method: string, path: string, token?: string, body?: unknown, headers?: Record<string, string>) =>
    s.req(method, `/api/v1${path}`, { token, body, headers });
  return {
    api,
    submit: (token: string, body: Record<string, unknown> = {}) =>
      api("POST", "/feedback", token, { category: "bug", content: "用户列表翻页后筛选条件丢失", page: "/iam/users", context: CONTEXT, ...body }),
    move: (token: string, id: string, body: Record<string, unknown>) => api("POST", `/feedback/${id}/transitions`, token, body),
    async userId(username: string) {
      const row = await s.system.db.get<{ id: string; dept_id: string }>("SELECT id, dept_id FROM users WHERE username = ?", [username]);
      return row!;
    },
    /** Inbox titles of a notification type, newest first. */
    async inbox(token: string, type: string): Promise<Array<{ title: string; body: string; data: Record<string, unknown> }>> {
      return (await api("GET", `/notifications?type=${type}&page_size=50`, token)).body.data.items;
    },
    async count() {
      const row = await s.system.db.get<{ c: number | string }>("SELECT COUNT(*) AS c FROM feedback");
      return Number(row!.c);
    },
  };
}
