import type { TestSystem } from "../../testing/harness.ts";

/** A table of every kind of field the tests write (key `code`). */
export const RATES = {
  name: "rates",
  display_name: "费率配置",
  key_field: "code",
  fields: [
    { key: "code", type: "text", label: "编码", required: true, unique: true, regex: "^[A-Z0-9_]+$", regex_message: "编码只能是大写字母、数字和下划线" },
    { key: "name", type: "text", label: "名称", required: true, max_length: 20 },
    { key: "rate", type: "decimal", label: "费率", scale: 4, min: 0, max: 1 },
    { key: "channel", type: "select", label: "渠道", options: [{ value: "web", label: "网页" }, { value: "app", label: "App" }] },
    { key: "enabled", type: "switch", label: "启用" },
    { key: "starts_on", type: "date", label: "生效日期" },
    { key: "alias", type: "text", label: "别名", unique: true },
    { key: "token", type: "text", label: "密钥", secret: true },
    { key: "rollout", type: "json", label: "灰度", json_schema: { type: "object", properties: { percent: { type: "integer", minimum: 0, maximum: 100 } }, required: ["percent"] } },
    { key: "remark", type: "richtext", label: "备注" },
    { key: "owner", type: "user", label: "负责人" },
  ],
};

export function configApi(s: TestSystem) {
  const api = (method: string, path: string, token?: string, body?: unknown, headers?: Record<string, string>) =>
    s.req(method, `/api/v1${path}`, { token, body, headers });
  return {
    api,
    createTable: (token: string, body: Record<string, unknown> = RATES) => api("POST", "/config/tables", token, body),
    create: (token: string, table: string, values: Record<string, unknown>, reason: string | null = "新增", extra: Record<string, unknown> = {}) =>
      api("POST", `/config/tables/${table}/records`, token, { values, ...(reason === null ? {} : { reason }), ...extra }),
    update: (token: string, table: string, key: string, values: Record<string, unknown>, reason = "修改", headers?: Record<string, string>) =>
      api("PATCH", `/config/tables/${table}/records/${encodeURIComponent(key)}`, token, { values, reason }, headers),
    remove: (token: string, table: string, key: string, reason = "删除") =>
      api("DELETE", `/config/tables/${table}/records/${encodeURIComponent(key)}`, token, { reason }),
    async count(sqlTable: string, where?: string) {
      const row = await s.system.db.get<{ c: number | string }>(`SELECT COUNT(*) AS c FROM ${sqlTable}${where ? ` WHERE ${where}` : ""}`);
      return Number(row!.c);
    },
    /** rows of every config table, to prove a refused write stored nothing */
    async counts() {
      const out: Record<string, number> = {};
      for (const t of ["config_records", "config_versions", "config_record_versions"]) out[t] = await this.count(t);
      return out;
    },
    async multipart(token: string, path: string, fields: Record<string, string | File>) {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      const res = await s.system.app.request(`/api/v1${path}`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
      const text = await res.text();
      let body: any = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      return { status: res.status, body, headers: res.headers };
    },
  };
}
