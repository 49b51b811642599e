/**
 * WeCom (企业微信) stand-in for sign-in: the QR-connect page (`/wwlogin/sso/login?login_type=CorpApp`,
 * reduced to an approve list; redirects with `code`, `state`, `appid`), `GET /cgi-bin/gettoken`,
 * `GET /cgi-bin/auth/getuserinfo` (members get `userid`, others `openid` only) and `GET /cgi-bin/user/get`; and the
 * address book a directory sync reads: `GET /cgi-bin/department/list?id=` (the subtree, `department_leader` heads) and
 * `GET /cgi-bin/user/list?department_id=&fetch_child=1` (members with department ids, mobile, email, status; 5 = left).
 * Answers are `{errcode, errmsg, …}` with HTTP 200, as WeCom answers. Codes are single-use.
 *
 *   bun scripts/fakes/wecom.ts     # prints its URL and credentials, serves until Ctrl-C
 */
import { Journal, serveFake, Sequence } from "./chat-server.ts";
import { authorize, OAuthGrants } from "./oauth-page.ts";

export interface WeComUser {
  userid: string;
  name: string;
  /** false: a WeChat user outside the corp (getuserinfo answers an openid, no userid) */
  member?: boolean;
  /** the address book (通讯录): departments (default [1]), contact data; status 1 active, 2 disabled, 5 left */
  department?: number[];
  mobile?: string;
  email?: string;
  position?: string;
  status?: number;
}

/** A department of the address book; 1 is the corp's root. */
export interface WeComDept { id: number; name: string; parentid: number; order?: number; department_leader?: string[] }

export interface WeComFakeOptions {
  port?: number;
  corpId?: string;
  agentId?: string;
  secret?: string;
  users?: WeComUser[];
  now?: () => number;
}

export interface WeComCall {
  path: string;
  query: Record<string, string>;
  response: Record<string, unknown>;
}

export interface WeComFake {
  url: string;
  corpId: string;
  agentId: string;
  secret: string;
  users: Map<string, WeComUser>;
  /** the address book's departments (`GET /cgi-bin/department/list`, `GET /cgi-bin/user/list` reads users by department) */
  departments: Map<number, WeComDept>;
  calls: Journal<WeComCall>;
  grants: OAuthGrants;
  stop(): Promise<void>;
}

const answer = (errcode: number, errmsg: string, rest: Record<string, unknown> = {}) => ({ errcode, errmsg, ...rest });

export async function startWeComFake(opts: WeComFakeOptions = {}): Promise<WeComFake> {
  const now = opts.now ?? Date.now;
  const corpId = opts.corpId ?? "wwfakecorp00000001";
  const agentId = opts.agentId ?? "1000002";
  const secret = opts.secret ?? "fake-wecom-secret";
  const users = new Map((opts.users ?? [{ userid: "alice", name: "Alice" }, { userid: "bob", name: "Bob" }]).map((u) => [u.userid, u]));
  const grants = new OAuthGrants("wecom", now);
  const departments = new Map<number, WeComDept>([[1, { id: 1, name: corpId, parentid: 0, order: 0 }]]);
  const subtree = (id: number): number[] => [id, ...[...departments.values()].filter((d) => d.parentid === id && d.id !== id).flatMap((d) => subtree(d.id))];
  const appTokens = new Map<string, number>();
  const seq = new Sequence();
  const calls = new Journal<WeComCall>("wecom api calls");

  function api(path: string, q: Record<string, string>): Record<string, unknown> {
    if (path === "/cgi-bin/gettoken") {
      if (q.corpid !== corpId) return answer(40013, "invalid corpid");
      if (q.corpsecret !== secret) return answer(40001, "invalid credential");
      const token = `fake-wecom-token-${seq.pad(8)}`;
      appTokens.set(token, now() + 7200_000);
      return answer(0, "ok", { access_token: token, expires_in: 7200 });
    }
    const expiry = q.access_token ? appTokens.get(q.access_token) : undefined;
    if (expiry === undefined || expiry <= now()) return answer(40014, "invalid access_token");
    if (path === "/cgi-bin/auth/getuserinfo") {
      const id = grants.redeem(q.code);
      const u = id ? users.get(id) : undefined;
      if (!u) return answer(40029, "invalid code");
      return u.member === false ? answer(0, "ok", { openid: `fake-openid-${u.userid}`, external_userid: `wmfake${u.userid}` }) : answer(0, "ok", { userid: u.userid, user_ticket: `fake-ticket-${seq.pad(6)}` });
    }
    if (path === "/cgi-bin/user/get") {
      const u = q.userid ? users.get(q.userid) : undefined;
      if (!u || u.member === false) return answer(60111, "userid not found");
      return answer(0, "ok", { userid: u.userid, name: u.name, department: [1], status: 1 });
    }
    if (path === "/cgi-bin/department/list") {
      const root = Number(q.id ?? 1);
      if (!departments.has(root)) return answer(60123, "invalid party id");
      return answer(0, "ok", { department: subtree(root).map((id) => departments.get(id)!).map((d) => ({ department_leader: [], order: 0, ...d })) });
    }
    if (path === "/cgi-bin/user/list") {
      const dept = Number(q.department_id);
      if (!departments.has(dept)) return answer(60123, "invalid party id");
      const inScope = q.fetch_child === "1" ? subtree(dept) : [dept];
      const list = [...users.values()].filter((x) => x.member !== false && x.status !== 5 && (x.department ?? [1]).some((d) => inScope.includes(d)));
      return answer(0, "ok", { userlist: list.map((x) => ({
        userid: x.userid, name: x.name, department: x.department ?? [1], mobile: x.mobile ?? "", email: x.email ?? "", position: x.position ?? "", status: x.status ?? 1,
      })) });
    }
    return answer(404, `unknown api ${path}`);
  }

  const http = await serveFake({
    port: opts.port,
    fetch: (req) => {
      const u = new URL(req.url);
      if (req.method === "GET" && u.pathname === "/wwlogin/sso/login") {
        if (u.searchParams.get("login_type") !== "CorpApp" || u.searchParams.get("appid") !== corpId || u.searchParams.get("agentid") !== agentId) {
          return new Response("wrong login_type, appid or agentid", { status: 400 });
        }
        const list = [...users.values()].map((x) => ({ id: x.userid, label: `${x.name} (${x.userid})` }));
        return authorize({ platform: "企业微信", url: u, users: list, codeParams: ["code"], grants, extra: { appid: corpId } });
      }
      const query = Object.fromEntries(u.searchParams.entries());
      const response = api(u.pathname, query);
      calls.add({ path: u.pathname, query, response });
      return Response.json(response);
    },
  });

  return {
    url: http.url, corpId, agentId, secret, users, departments, calls, grants,
    async stop() {
      calls.close();
      await http.stop();
    },
  };
}

export const start = startWeComFake;

if (import.meta.main) {
  const fake = await startWeComFake({ port: Number(process.env.PORT ?? 0) });
  console.log(`WeCom fake on ${fake.url}  (WECOM_API_URL=${fake.url})`);
  console.log(`  corp id / agent id / secret: ${fake.corpId} / ${fake.agentId} / ${fake.secret}`);
  console.log(`  users: ${[...fake.users.keys()].join(", ")}`);
  process.on("SIGINT", () => void fake.stop().then(() => process.exit(0)));
}
