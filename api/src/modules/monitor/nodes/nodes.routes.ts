import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { conflict, notFound, type UserActor } from "@ops/shared";
import { NODE_SILENT_AFTER_S } from "@ops/shared/contracts/monitor.ts";
import { ok } from "../../../http/envelope.ts";
import { defineRoute } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { noteAudit } from "../../../platform/context.ts";
import { MONITOR_MANAGE, MONITOR_VIEW, type MonitorDeps } from "../monitor.deps.ts";
import type { NodeStore } from "./node.store.ts";
import { DRAIN_CHANNEL } from "./reporter.ts";

const base = { module: "monitor", resourceType: "node" } as const;
const nodeParam = z.object({ id: z.string().min(1).max(64).openapi({ description: "节点 ID（进程每次启动新生成）" }) });
const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;

const list = defineRoute({
  ...base, access: MONITOR_VIEW, method: "get", path: "/monitor/nodes", action: "node.list",
  summary: "节点列表",
  description: `平台自身的各个进程（web / worker / scheduler / bot 角色）最近一次上报：版本、主机、进程号、运行时长、CPU、内存、所消费队列的积压与在途任务数。超过 ${NODE_SILENT_AFTER_S} 秒未上报的标记为 \`silent\`；正常退出的为 \`stopped\`（7 天后清除）。排序：在线、排空中、已排空、失联、已停止。`,
});
const get = defineRoute({
  ...base, access: MONITOR_VIEW, method: "get", path: "/monitor/nodes/{id}", action: "node.get",
  summary: "节点详情", description: "单个节点最近一次上报的内容。", request: { params: nodeParam },
});
const drain = defineRoute({
  ...base, access: MONITOR_MANAGE, method: "post", path: "/monitor/nodes/{id}/drain", action: "node.drain", errors: [409],
  summary: "排空节点",
  description: "请求一个 worker 进程停止领取新任务：它在下次上报时看到请求，已在执行的任务做完后标记为 `drained`（进程仍在运行，可安全停止）。不是 worker、已在排空、已排空、已停止或已失联的节点返回 409。",
  request: { params: nodeParam },
});

export function nodesRoutes(deps: MonitorDeps, store: NodeStore) {
  const now = () => deps.clock.now();
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook, strict: false })
    .openapi(list, async (c) => ok(c, await store.list(now())))
    .openapi(get, async (c) => {
      const node = await store.get(c.req.valid("param").id, now());
      if (!node) throw notFound("monitor.node_not_found");
      return ok(c, node);
    })
    .openapi(drain, async (c) => {
      const id = c.req.valid("param").id;
      const at = now();
      const node = await store.get(id, at);
      if (!node) throw notFound("monitor.node_not_found");
      if (!node.roles.includes("worker")) throw conflict("monitor.node_not_worker", { roles: node.roles.join(", ") });
      const fresh = new Date(at.getTime() - NODE_SILENT_AFTER_S * 1000).toISOString();
      if (node.status !== "up") throw conflict(`monitor.node_${node.status}`);
      // another admin's drain (or a stop) between the read and the write
      if (!(await store.requestDrain(id, at.toISOString(), me(c).username, fresh))) throw conflict("monitor.node_draining");
      noteAudit({ resourceType: "node", resourceId: id, before: { status: node.status }, after: { status: "draining", host: node.host, pid: node.pid } });
      // the node looks at once (it would see the request on its next report anyway)
      await deps.db.notify(DRAIN_CHANNEL, id).catch((e: unknown) => deps.logger.warn("drain announcement failed", { err: e }));
      return ok(c, await store.get(id, at));
    });
}
