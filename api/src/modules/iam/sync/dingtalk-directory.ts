import type { Logger } from "../../../platform/logger.ts";
import { callPlatform, postJson, ssoUnavailable, str, type Json } from "../sso/index.ts";
import type { DirectorySnapshot, DirectorySource, SourceDept, SourceUser } from "./sync.types.ts";

export type DingTalkDirectorySettings = { clientId: string; clientSecret: string; apiUrl?: string; name: string };

const OAPI = "https://oapi.dingtalk.com";
const ROOT = 1;
const PAGE = 100;

/**
 * DingTalk's address book through the org API of an internal app: `GET /gettoken`, then from department 1 down
 * `topapi/v2/department/listsubid` + `department/get` (managers are the heads) and `topapi/v2/user/list` per
 * department (cursor pages of 100). A person in several departments is listed once, with all of them.
 */
export function dingtalkDirectory(settings: DingTalkDirectorySettings, logger: Logger): DirectorySource {
  const oapi = settings.apiUrl?.replace(/\/+$/, "") ?? OAPI;

  async function call(path: string, token: string, body: Json): Promise<Json> {
    const answer = await callPlatform(settings.name, logger, `${oapi}${path}?access_token=${encodeURIComponent(token)}`, postJson(body));
    if (answer.body.errcode !== 0) {
      logger.warn("dingtalk directory call failed", { path, answer: JSON.stringify(answer.body).slice(0, 300) });
      throw ssoUnavailable(settings.name);
    }
    return (answer.body.result ?? {}) as Json;
  }

  return {
    provider: "dingtalk",
    async read(onProgress): Promise<DirectorySnapshot> {
      const got = await callPlatform(settings.name, logger, `${oapi}/gettoken?appkey=${encodeURIComponent(settings.clientId)}&appsecret=${encodeURIComponent(settings.clientSecret)}`);
      const token = str(got.body.access_token);
      if (!token) throw ssoUnavailable(settings.name);
      const departments: SourceDept[] = [];
      const queue = [ROOT];
      while (queue.length) {
        const id = queue.shift()!;
        const d = await call("/topapi/v2/department/get", token, { dept_id: id });
        departments.push({
          id: String(id), name: str(d.name) ?? String(id), parentId: id === ROOT ? null : String(d.parent_id ?? ROOT), order: Number(d.order ?? 0),
          heads: Array.isArray(d.dept_manager_userid_list) ? d.dept_manager_userid_list.map(String) : [],
        });
        const children = await call("/topapi/v2/department/listsubid", token, { dept_id: id });
        if (Array.isArray(children.dept_id_list)) queue.push(...children.dept_id_list.map(Number));
      }
      onProgress(0.3);
      const users = new Map<string, SourceUser>();
      for (const [i, dept] of departments.entries()) {
        let cursor = 0;
        for (;;) {
          const page = await call("/topapi/v2/user/list", token, { dept_id: Number(dept.id), cursor, size: PAGE });
          for (const u of Array.isArray(page.list) ? (page.list as Json[]) : []) {
            const id = str(u.userid);
            if (!id || users.has(id)) continue;
            users.set(id, {
              id, name: str(u.name) ?? id, mobile: str(u.mobile), email: str(u.email), title: str(u.title),
              deptIds: Array.isArray(u.dept_id_list) ? u.dept_id_list.map(String) : [dept.id], active: u.active !== false,
            });
          }
          if (!page.has_more) break;
          cursor = Number(page.next_cursor);
        }
        onProgress(0.3 + (0.6 * (i + 1)) / departments.length);
      }
      return { rootId: String(ROOT), departments, users: [...users.values()] };
    },
  };
}
