/**
 * What the cluster test does to OPS: fixtures (cron jobs, a manual job, an approval process, a notification
 * webhook), then load through every web process in turn: job runs over the API, `run` and `approve` over the web
 * chat console, approvals started on one web process and decided on the other.
 */
import type { Api } from "./api.ts";

export const MANUAL_JOB = "cl_manual";
/** a shell job that runs for a while, so the SIGKILLed worker is likely to hold some of its runs */
export const SLOW_JOB = "cl_slow";
export const APPROVAL_KEY = "cl-approval";
export const cronJobName = (i: number) => `cl_cron_${i}`;

export type Fixtures = { adminId: string; cronJobs: Array<{ id: string; name: string }>; manualJobId: string; webhookId: string };

const sqlJob = (name: string, schedule: unknown) => ({
  name, type: "sql", config: { engine: "store", statement: "SELECT 1" }, schedule, ...jobPolicies,
});
const jobPolicies = {
  // a run on a SIGKILLed worker gets one more attempt; every occurrence missed by a scheduler is caught up
  retries: { count: 1, backoff: { type: "fixed", delay_ms: 0 } }, misfire: "catch_up", catch_up_max: 100, timeout_s: 30,
};

export async function createFixtures(api: Api, o: { cronJobs: number; receiverUrl: string }): Promise<Fixtures> {
  const me = await api.ok<{ id: string }>("GET", "/auth/me");
  const cronJobs = [];
  for (let i = 1; i <= o.cronJobs; i++) {
    // six fields, seconds first: every second
    const job = await api.ok<{ id: string; name: string }>("POST", "/jobs", sqlJob(cronJobName(i), { cron: "*/1 * * * * *", timezone: "UTC" }));
    cronJobs.push({ id: job.id, name: job.name });
  }
  const manual = await api.ok<{ id: string }>("POST", "/jobs", sqlJob(MANUAL_JOB, null));
  await api.ok("POST", "/jobs", { name: SLOW_JOB, type: "shell", config: { command: "sleep 2" }, schedule: null, ...jobPolicies });
  // only the inbox and the webhook: the admin has no mail, phone, push subscription or chat binding, and deliveries
  // that can only fail would hide the ones that matter
  await api.ok("PUT", "/notifications/preferences", { defaults: { channels: { im: "off", push: "off", email: "off", sms: "off" } } });
  const def = await api.ok<{ id: string }>("POST", "/approval-definitions", {
    key: APPROVAL_KEY, name: "集群测试审批", form: [{ key: "note", type: "text", label: "说明", required: false }],
    nodes: [{ key: "start", type: "start" }, { key: "approve", type: "approver", name: "审批", approvers: { type: "users", users: [me.id] }, mode: "or" }, { key: "end", type: "end" }],
    edges: [{ from: "start", to: "approve" }, { from: "approve", to: "end" }],
    // the admin starts and approves: without this the engine would approve its own task by itself
    settings: { allow_withdraw: true, dedupe: false },
  });
  await api.ok("POST", `/approval-definitions/${def.id}/publish`);
  const hook = await api.ok<{ id: string }>("POST", "/notify/webhooks", { name: "cluster-receiver", url: o.receiverUrl, types: ["*"] });
  return { adminId: me.id, cronJobs, manualJobId: manual.id, webhookId: hook.id };
}

export type LoadStats = {
  slowRuns: number; apiRuns: number; chatRuns: number; approvalsStarted: number; approvedViaApi: number; approvedViaChat: number;
  instanceIds: string[]; errors: string[];
};

/** cards/src/templates/error.ts titles (zh-CN, the admin's language): the console answers errors as such cards */
const ERROR_CARD_TITLES = new Set(["请求有误", "需要登录", "没有权限", "未找到", "操作冲突", "内容过大", "已被锁定", "操作太频繁", "系统出错了", "操作未完成"]);

type Lane = (i: number) => Promise<void>;

/**
 * Runs the lanes side by side until `until()` is true; each lane waits `pauseMs` between its operations, so the
 * load stays a steady trickle that two shared cores can carry. Failures are collected, not thrown.
 */
export async function runLoad(webs: Api[], o: { pauseMs: number; until: () => boolean }): Promise<LoadStats> {
  const stats: LoadStats = { slowRuns: 0, apiRuns: 0, chatRuns: 0, approvalsStarted: 0, approvedViaApi: 0, approvedViaChat: 0, instanceIds: [], errors: [] };
  const web = (i: number) => webs[i % webs.length]!;
  const chat = async (api: Api, text: string) => {
    const data = await api.ok<{ cards: Array<Record<string, unknown>> }>("POST", "/chat/commands", { text });
    if (!data.cards?.length) throw new Error(`${api.name}: chat "${text}" answered no card`);
    const card = data.cards[0] as { header?: { title?: string }; summary?: string };
    if (ERROR_CARD_TITLES.has(card.header?.title ?? "")) throw new Error(`${api.name}: chat "${text}" answered an error card: ${card.header?.title} ${card.summary ?? ""}`);
  };
  const lanes: Lane[] = [
    async (i) => {
      await web(i).ok("POST", `/jobs/${SLOW_JOB}/runs`, { params: { lane: "slow", i } });
      stats.slowRuns++;
      // about one slow run a second in all, so a worker holds one or two of them at any time
      await Bun.sleep(1000);
    },
    async (i) => {
      await web(i).ok("POST", `/jobs/${MANUAL_JOB}/runs`, { params: { lane: "api", i } });
      stats.apiRuns++;
    },
    async (i) => {
      await chat(web(i), `/ops run ${MANUAL_JOB} lane=chat i=${i}`);
      stats.chatRuns++;
    },
    async (i) => {
      const inst = await web(i).ok<{ id: string; current: Array<{ tasks: Array<{ id: string }> }> }>("POST", "/approvals", {
        definition: APPROVAL_KEY, title: `cluster ${i}`, form: { note: `n${i}` },
      });
      stats.approvalsStarted++;
      stats.instanceIds.push(inst.id);
      const task = inst.current?.[0]?.tasks?.[0]?.id;
      if (!task) throw new Error(`${web(i).name}: approval ${inst.id} has no open task`);
      // decided on the other web process than the one that started it, alternately over the API and chat
      if (i % 2 === 0) {
        await web(i + 1).ok("POST", `/approval-tasks/${task}/approve`, { comment: "ok" });
        stats.approvedViaApi++;
      } else {
        await chat(web(i + 1), `/ops approve ${task} ok`);
        stats.approvedViaChat++;
      }
    },
  ];
  await Promise.all(lanes.map(async (lane) => {
    for (let i = 0; !o.until(); i++) {
      try {
        await lane(i);
      } catch (e) {
        stats.errors.push((e as Error).message);
      }
      await Bun.sleep(o.pauseMs);
    }
  }));
  return stats;
}
