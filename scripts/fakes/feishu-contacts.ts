/**
 * The Feishu stand-in's address book (通讯录 v3), as an app with the contact scopes reads it:
 * `GET /open-apis/contact/v3/departments/:id/children` (`fetch_child=true` for the whole subtree; `leader_user_id`
 * in the asked `user_id_type`) and `GET /open-apis/contact/v3/users/find_by_department`, both paged by `page_token`
 * (page_size ≤ 50). Bearer tenant_access_token; errors `{code, msg}` (40003 unknown department, 99991663 bad token).
 * The root department is "0". Tests edit it with addDept/addStaff/removeStaff.
 */
import type { FeishuTenant } from "./feishu-tenant.ts";

export type FeishuDept = { id: string; name: string; parentId: string; order: number; leader: string | null };
export type FeishuStaff = { open_id: string; union_id: string; user_id: string; name: string; email: string; mobile: string; job_title: string; deptIds: string[]; resigned: boolean };

const reply = (code: number, msg: string, data?: unknown) => Response.json({ code, msg, ...(data === undefined ? {} : { data }) });

export class FeishuContacts {
  readonly depts = new Map<string, FeishuDept>();
  readonly staff = new Map<string, FeishuStaff>();

  constructor(private readonly tenant: FeishuTenant) {}

  addDept(d: Omit<FeishuDept, "order" | "leader"> & { order?: number; leader?: string | null }): void {
    this.depts.set(d.id, { order: this.depts.size + 1, leader: null, ...d });
  }

  addStaff(s: Pick<FeishuStaff, "open_id" | "name" | "deptIds"> & Partial<FeishuStaff>): void {
    this.staff.set(s.open_id, { union_id: `on_${s.open_id}`, user_id: s.open_id.replace(/^ou_/, ""), email: "", mobile: "", job_title: "", resigned: false, ...s });
  }

  /** Someone who left: Feishu keeps them, resigned, out of department listings. */
  removeStaff(openId: string): void {
    const s = this.staff.get(openId);
    if (s) s.resigned = true;
    for (const d of this.depts.values()) if (d.leader === openId) d.leader = null;
  }

  handle(req: Request, u: URL): Response | undefined {
    if (req.method !== "GET" || !u.pathname.startsWith("/open-apis/contact/v3/")) return undefined;
    const children = /^\/open-apis\/contact\/v3\/departments\/([^/]+)\/children$/.exec(u.pathname);
    const byDept = u.pathname === "/open-apis/contact/v3/users/find_by_department";
    if (!children && !byDept) return undefined;
    const token = req.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
    const expiry = this.tenant.tokens.get(token);
    if (expiry === undefined || expiry <= this.tenant.now()) return reply(99991663, "Invalid access token for authorization.");
    const size = Number(u.searchParams.get("page_size") ?? 10);
    if (!Number.isInteger(size) || size < 1 || size > 50) return reply(99992402, "field validation failed: page_size");
    const start = Number(u.searchParams.get("page_token") || 0);
    const page = <T>(items: T[]) => {
      const slice = items.slice(start, start + size);
      const more = start + size < items.length;
      return { has_more: more, ...(more ? { page_token: String(start + size) } : {}), items: slice };
    };
    const deptId = children ? decodeURIComponent(children[1]!) : (u.searchParams.get("department_id") ?? "");
    if (deptId !== "0" && !this.depts.has(deptId)) return reply(40003, "department not found");
    if (children) {
      const all = u.searchParams.get("fetch_child") === "true";
      const under = (id: string): FeishuDept[] => [...this.depts.values()].filter((d) => d.parentId === id).flatMap((d) => [d, ...(all ? under(d.id) : [])]);
      return reply(0, "success", page(under(deptId).map((d) => ({
        name: d.name, open_department_id: d.id, department_id: d.id, parent_department_id: d.parentId, leader_user_id: d.leader ?? undefined,
        order: String(d.order), status: { is_deleted: false },
      }))));
    }
    const members = [...this.staff.values()].filter((s) => !s.resigned && s.deptIds.includes(deptId));
    return reply(0, "success", page(members.map((s) => ({
      open_id: s.open_id, union_id: s.union_id, user_id: s.user_id, name: s.name, email: s.email, mobile: s.mobile ? `+86${s.mobile}` : "",
      job_title: s.job_title, department_ids: s.deptIds, status: { is_resigned: s.resigned, is_activated: true, is_frozen: false },
    }))));
  }
}
