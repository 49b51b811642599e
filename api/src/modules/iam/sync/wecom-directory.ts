import type { Logger } from "../../../platform/logger.ts";
import { callPlatform, ssoUnavailable, str, type Json } from "../sso/index.ts";
import type { DirectorySnapshot, DirectorySource, SourceUser } from "./sync.types.ts";

export type WeComDirectorySettings = { corpId: string; secret: string; apiUrl?: string; name: string };

const API = "https://qyapi.weixin.qq.com";
const ROOT = 1;

/**
 * WeCom's address book: `GET /cgi-bin/gettoken`, then `GET /cgi-bin/department/list?id=1` (the whole tree,
 * `department_leader` are the heads) and `GET /cgi-bin/user/list?department_id=1&fetch_child=1` (every member with
 * department ids, mobile, e-mail; status 1 active, 2 disabled, 4 not yet activated, 5 left).
 */
export function wecomDirectory(settings: WeComDirectorySettings, logger: Logger): DirectorySource {
  const api = settings.apiUrl?.replace(/\/+$/, "") ?? API;

  async function get(path: string, query: Record<string, string>): Promise<Json> {
    const answer = await callPlatform(settings.name, logger, `${api}${path}?${new URLSearchParams(query)}`);
    if (answer.body.errcode !== 0) {
      logger.warn("wecom directory call failed", { path, answer: JSON.stringify(answer.body).slice(0, 300) });
      throw ssoUnavailable(settings.name);
    }
    return answer.body;
  }

  return {
    provider: "wecom",
    async read(onProgress): Promise<DirectorySnapshot> {
      const token = str((await get("/cgi-bin/gettoken", { corpid: settings.corpId, corpsecret: settings.secret })).access_token);
      if (!token) throw ssoUnavailable(settings.name);
      const tree = (await get("/cgi-bin/department/list", { access_token: token, id: String(ROOT) })).department;
      const departments = (Array.isArray(tree) ? (tree as Json[]) : []).map((d) => ({
        id: String(d.id), name: str(d.name) ?? String(d.id), parentId: Number(d.id) === ROOT ? null : String(d.parentid ?? ROOT), order: Number(d.order ?? 0),
        heads: Array.isArray(d.department_leader) ? d.department_leader.map(String) : [],
      }));
      onProgress(0.3);
      const list = (await get("/cgi-bin/user/list", { access_token: token, department_id: String(ROOT), fetch_child: "1" })).userlist;
      const users: SourceUser[] = (Array.isArray(list) ? (list as Json[]) : []).flatMap((u) => {
        const id = str(u.userid);
        if (!id || Number(u.status) === 5) return [];
        return [{
          id, name: str(u.name) ?? id, mobile: str(u.mobile), email: str(u.email), title: str(u.position),
          deptIds: Array.isArray(u.department) ? u.department.map(String) : [String(ROOT)], active: Number(u.status ?? 1) !== 2,
        }];
      });
      onProgress(0.9);
      return { rootId: String(ROOT), departments, users };
    },
  };
}
