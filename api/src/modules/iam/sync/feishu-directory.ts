import type { Logger } from "../../../platform/logger.ts";
import { callPlatform, postJson, ssoUnavailable, str, type Json } from "../sso/index.ts";
import type { DirectorySnapshot, DirectorySource, SourceDept, SourceUser } from "./sync.types.ts";

export type FeishuDirectorySettings = { appId: string; appSecret: string; domain?: string; name: string };

const DEFAULT_DOMAIN = "https://open.feishu.cn";
const ROOT = "0";
const PAGE = 50;

/**
 * Feishu's address book (contact v3) through the app's tenant_access_token: the whole department tree from the root
 * ("0", `fetch_child=true`; `leader_user_id` is the head), then each department's members with `find_by_department`,
 * every id as open_id (the id the bot receives). Resigned people are not listed, so they count as gone.
 */
export function feishuDirectory(settings: FeishuDirectorySettings, logger: Logger): DirectorySource {
  const api = (settings.domain || DEFAULT_DOMAIN).replace(/\/+$/, "");

  async function pages(path: string, params: Record<string, string>, token: string): Promise<Json[]> {
    const items: Json[] = [];
    let pageToken = "";
    for (;;) {
      const query = new URLSearchParams({ ...params, page_size: String(PAGE), ...(pageToken ? { page_token: pageToken } : {}) });
      const answer = await callPlatform(settings.name, logger, `${api}${path}?${query}`, { headers: { authorization: `Bearer ${token}` } });
      if (answer.body.code !== 0) {
        logger.warn("feishu directory call failed", { path, answer: JSON.stringify(answer.body).slice(0, 300) });
        throw ssoUnavailable(settings.name);
      }
      const data = (answer.body.data ?? {}) as Json;
      if (Array.isArray(data.items)) items.push(...(data.items as Json[]));
      if (!data.has_more || !str(data.page_token)) return items;
      pageToken = str(data.page_token)!;
    }
  }

  return {
    provider: "feishu",
    async read(onProgress): Promise<DirectorySnapshot> {
      const got = await callPlatform(settings.name, logger, `${api}/open-apis/auth/v3/tenant_access_token/internal`, postJson({ app_id: settings.appId, app_secret: settings.appSecret }));
      const token = str(got.body.tenant_access_token);
      if (got.body.code !== 0 || !token) throw ssoUnavailable(settings.name);
      const ids = { department_id_type: "open_department_id", user_id_type: "open_id" };
      const tree = await pages(`/open-apis/contact/v3/departments/${ROOT}/children`, { ...ids, fetch_child: "true" }, token);
      const departments: SourceDept[] = [
        { id: ROOT, name: settings.name, parentId: null, order: 0, heads: [] },
        ...tree.map((d) => ({
          id: str(d.open_department_id) ?? "", name: str(d.name) ?? "", parentId: str(d.parent_department_id) ?? ROOT, order: Number(d.order ?? 0),
          heads: str(d.leader_user_id) ? [str(d.leader_user_id)!] : [],
        })).filter((d) => d.id),
      ];
      onProgress(0.3);
      const users = new Map<string, SourceUser>();
      for (const [i, dept] of departments.entries()) {
        for (const u of await pages("/open-apis/contact/v3/users/find_by_department", { ...ids, department_id: dept.id }, token)) {
          const id = str(u.open_id);
          const status = (u.status ?? {}) as Json;
          if (!id || users.has(id) || status.is_resigned === true) continue;
          users.set(id, {
            id, name: str(u.name) ?? id, mobile: str(u.mobile)?.replace(/^\+86/, "") ?? null, email: str(u.email), title: str(u.job_title),
            deptIds: Array.isArray(u.department_ids) ? u.department_ids.map(String) : [dept.id], active: status.is_frozen !== true,
          });
        }
        onProgress(0.3 + (0.6 * (i + 1)) / departments.length);
      }
      return { rootId: ROOT, departments, users: [...users.values()] };
    },
  };
}
