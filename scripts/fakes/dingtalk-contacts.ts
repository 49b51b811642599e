/**
 * The DingTalk stand-in's address book (通讯录), as the org API serves it to an internal app: `POST
 * /topapi/v2/department/listsubid` (child ids), `POST /topapi/v2/department/get` (name, parent, order,
 * `dept_manager_userid_list`), `POST /topapi/v2/user/list` (one department's members, paged by cursor, at most 100).
 * Every call takes `?access_token=` from `GET /gettoken`; errors are `{errcode, errmsg}` with HTTP 200 as DingTalk does
 * (60003 unknown department, 40014 bad token). The root department is 1. Tests edit it with addDept/addStaff/removeStaff.
 */
import { readBody } from "./chat-server.ts";
import type { DingTalkOrg } from "./dingtalk-org.ts";

export type DingTalkDept = { id: number; name: string; parentId: number | null; order: number; managers: string[] };
export type DingTalkStaff = {
  userid: string; unionid: string; name: string; mobile: string; email: string; title: string; deptIds: number[]; active: boolean;
};

const ok = (result: unknown) => Response.json({ errcode: 0, errmsg: "ok", result, request_id: "fake-request" });
const fail = (errcode: number, errmsg: string) => Response.json({ errcode, errmsg, request_id: "fake-request" });

export class DingTalkContacts {
  readonly depts = new Map<number, DingTalkDept>();
  readonly staff = new Map<string, DingTalkStaff>();

  constructor(private readonly org: DingTalkOrg) {
    this.depts.set(1, { id: 1, name: org.corpId, parentId: null, order: 0, managers: [] });
  }

  addDept(d: Omit<DingTalkDept, "order" | "managers"> & { order?: number; managers?: string[] }): void {
    this.depts.set(d.id, { order: this.depts.size, managers: [], ...d });
  }

  addStaff(s: Omit<DingTalkStaff, "active" | "unionid" | "title" | "email"> & Partial<Pick<DingTalkStaff, "active" | "unionid" | "title" | "email">>): void {
    this.staff.set(s.userid, { active: true, unionid: `union-${s.userid}`, title: "", email: "", ...s });
  }

  /** Someone who left: gone from the address book (the API lists only current staff). */
  removeStaff(userid: string): void {
    this.staff.delete(userid);
    for (const d of this.depts.values()) d.managers = d.managers.filter((m) => m !== userid);
  }

  async handle(req: Request, u: URL): Promise<Response | undefined> {
    if (req.method !== "POST" || !u.pathname.startsWith("/topapi/v2/")) return undefined;
    const route = u.pathname.slice("/topapi/v2/".length);
    if (!["department/listsubid", "department/get", "user/list"].includes(route)) return undefined;
    const expiry = this.org.tokens.get(u.searchParams.get("access_token") ?? "");
    if (expiry === undefined || expiry <= this.org.now()) return fail(40014, "不合法的access_token");
    const { fields } = await readBody(req);
    const deptId = Number(fields.dept_id);
    const dept = this.depts.get(deptId);
    if (!dept) return fail(60003, "部门不存在");
    if (route === "department/listsubid") return ok({ dept_id_list: [...this.depts.values()].filter((d) => d.parentId === deptId).map((d) => d.id) });
    if (route === "department/get") {
      return ok({ dept_id: dept.id, name: dept.name, parent_id: dept.parentId ?? undefined, order: dept.order, dept_manager_userid_list: dept.managers });
    }
    const size = Number(fields.size ?? 0);
    if (!Number.isInteger(size) || size < 1 || size > 100) return fail(400002, "size 应为 1 到 100");
    const cursor = Number(fields.cursor ?? 0);
    const members = [...this.staff.values()].filter((s) => s.deptIds.includes(deptId));
    const page = members.slice(cursor, cursor + size);
    const hasMore = cursor + size < members.length;
    return ok({
      has_more: hasMore,
      ...(hasMore ? { next_cursor: cursor + size } : {}),
      list: page.map((s) => ({
        userid: s.userid, unionid: s.unionid, name: s.name, mobile: s.mobile, email: s.email, title: s.title, dept_id_list: s.deptIds, active: s.active,
        leader_in_dept: s.deptIds.map((d) => ({ dept_id: d, leader: this.depts.get(d)?.managers.includes(s.userid) ?? false })),
      })),
    });
  }
}
