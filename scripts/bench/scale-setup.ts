/**
 * Setup for scripts/bench/scale.ts: a PostgreSQL database of the bench's own, OPS web processes on it, CPU
 * readings, and 1,000 signed-in sessions (the demo company's people, each session on its own connection) with
 * the request mix each account may make.
 */
import { RedisClient } from "bun";
import { DEMO_PASSWORD, DEMO_USERS } from "../../api/src/demo/company.data.ts";
import { openConnection, type HttpConn } from "./http-conn.ts";
import { BENCH_ADMIN_PASSWORD, startOps, type Server } from "./servers.ts";

/** BullMQ keys of one prefix removed (the bench's own prefix on a shared Redis). */
export async function dropRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = new RedisClient(url);
  try {
    let cursor = "0";
    do {
      const [next, keys] = (await redis.send("SCAN", [cursor, "MATCH", `${prefix}:*`, "COUNT", "1000"])) as [string, string[]];
      if (keys.length) await redis.send("DEL", keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.close();
  }
}

/** One more `OPS_ROLES=web` process on the database; the demo company is seeded by the first one. */
export function startWeb(index: number, env: Record<string, string>): Promise<Server> {
  return startOps(`web ${index + 1}`, { OPS_ROLES: "web", OPS_DEMO: "1", OPS_TRUST_PROXY: "1", ...env });
}

type LoginAnswer = { data?: { access_token?: string; password_change_required?: boolean; mfa_setup_required?: boolean; mfa_required?: boolean } };

/** The session's access token, or null with the answer (MFA, a forced password change, an error) in `lastRefusal`. */
let lastRefusal = "";
async function loginOn(conn: HttpConn, username: string, password: string, address: string): Promise<string | null> {
  const res = await conn.request("POST", "/api/v1/auth/login", { "content-type": "application/json", "accept-encoding": "identity", "x-forwarded-for": address },
    JSON.stringify({ username, password }));
  const text = res.body.toString("utf8");
  const data = res.status === 200 ? (JSON.parse(text) as LoginAnswer).data : undefined;
  if (!data?.access_token || data.password_change_required || data.mfa_setup_required) {
    lastRefusal = `HTTP ${res.status} ${text.slice(0, 200)}`;
    return null;
  }
  return data.access_token;
}

/** The admin's token, and a security policy that lets one address's users hold many sessions for the run. */
export async function prepareSecurity(server: Server): Promise<string> {
  const conn = await openConnection(server.url);
  try {
    // the first admin is created just after the port opens (readyz may answer first): the one wait that must poll
    let token: string | null = null;
    for (let attempt = 0; !token && attempt < 100; attempt++) {
      token = await loginOn(conn, "admin", BENCH_ADMIN_PASSWORD, `10.255.255.${attempt + 1}`);
      if (!token) await Bun.sleep(200);
    }
    if (!token) throw new Error(`admin sign-in failed: ${lastRefusal}`);
    // 1,000 sessions over ~15 accounts (the oldest of a user's sessions ends past max_sessions_per_user)
    const res = await conn.request("PUT", "/api/v1/settings/security", { authorization: `Bearer ${token}`, "content-type": "application/json", "accept-encoding": "identity" },
      JSON.stringify({ max_sessions_per_user: 100, login_rate_per_minute: 1000, idle_timeout_minutes: 240, access_token_minutes: 240 }));
    if (res.status !== 200) throw new Error(`security settings: ${res.status} ${res.body.toString("utf8")}`);
    return token;
  } finally {
    conn.close();
  }
}

export type Account = { username: string; password: string; paths: Array<{ kind: string; path: string; weight: number }> };
export type Session = { account: Account; token: string; address: string; url: string; conn: HttpConn | null };

/** What a signed-in user does, by weight; an account keeps the entries it may open (200 at the probe). */
const MIX = [
  { kind: "list users", weight: 30, path: "/api/v1/users?page=1&page_size=20" },
  { kind: "workbench", weight: 20, path: "/api/v1/workbench" },
  { kind: "list jobs", weight: 15, path: "/api/v1/jobs?page=1&page_size=20" },
  { kind: "approval tasks", weight: 20, path: "/api/v1/approval-tasks?box=todo" },
  { kind: "read approval", weight: 15, path: "/api/v1/approvals/{id}" },
] as const;

/** An approval the token's user may read: the first one in their boxes. */
async function someApproval(base: string, token: string): Promise<string | null> {
  for (const box of ["todo", "done", "mine", "cc"]) {
    const res = await fetch(`${base}/api/v1/approval-tasks?box=${box}&page_size=5`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { data?: { items?: Array<{ instance_id?: string; id?: string }> } };
    const id = body.data?.items?.[0]?.instance_id;
    if (id) return id;
  }
  return null;
}

/** The demo accounts that sign in with a password alone (no MFA, not locked or disabled), each with its mix. */
export async function usableAccounts(server: Server): Promise<Array<{ account: Account; token: string }>> {
  const candidates = [{ username: "admin", password: BENCH_ADMIN_PASSWORD }, ...DEMO_USERS.filter((u) => !u.state || u.state === "expiring").map((u) => ({ username: u.username, password: DEMO_PASSWORD }))];
  const conn = await openConnection(server.url);
  const out: Array<{ account: Account; token: string }> = [];
  try {
    for (const [i, c] of candidates.entries()) {
      const token = await loginOn(conn, c.username, c.password, `10.254.0.${i + 1}`);
      if (!token) continue;
      const approval = await someApproval(server.url, token);
      const paths: Account["paths"] = [];
      for (const m of MIX) {
        if (m.path.includes("{id}") && !approval) continue;
        const path = m.path.replace("{id}", approval ?? "");
        const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        if (res.status === 200) paths.push({ kind: m.kind, path, weight: m.weight });
      }
      out.push({ account: { ...c, paths }, token });
    }
  } finally {
    conn.close();
  }
  return out;
}

/**
 * `count` sessions signed in through the API, round-robin over the accounts, session i on its own connection to
 * servers[i % servers.length] with its own client address (X-Forwarded-For: as users behind the ingress).
 */
export async function signIn(servers: Server[], accounts: Account[], count: number, concurrency: number): Promise<Session[]> {
  const sessions: Session[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const account = accounts[i % accounts.length]!;
      const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      const url = servers[i % servers.length]!.url;
      const conn = await openConnection(url);
      const token = await loginOn(conn, account.username, account.password, address);
      if (!token) throw new Error(`session ${i} (${account.username}): sign-in failed: ${lastRefusal}`);
      sessions[i] = { account, token, address, url, conn };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return sessions;
}

/** Each session's connection moved to servers[i % n] (the same signed-in sessions against another set of processes). */
export async function reconnect(sessions: Session[], servers: Server[]): Promise<void> {
  for (const [i, s] of sessions.entries()) {
    s.conn?.close();
    s.url = servers[i % servers.length]!.url;
    s.conn = await openConnection(s.url);
  }
}
