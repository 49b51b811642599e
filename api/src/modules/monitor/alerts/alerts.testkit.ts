import { Registry } from "prom-client";
import type { MetricInfo } from "@ops/shared/contracts/monitor.ts";
import { createLogger } from "../../../platform/logger.ts";
import type { TestSystem } from "../../../testing/harness.ts";
import type { MonitorDeps } from "../monitor.deps.ts";
import type { SeriesReader } from "../ports.ts";
import { createAlertsPart } from "./index.ts";

export const ERROR_RATE: MetricInfo = { name: "api.error_rate", kind: "ratio", scope: "node", unit: "ratio", labels: ["route", "node"], title: "API 错误率", help: "", module: "http" };

/**
 * An alerts part over a test system's store with a fake SeriesReader (`values[route]` is what the window aggregates
 * to for rules filtered on that route) and recorders standing in for notify's send and IM cards.
 */
export function fakeAlerts(s: TestSystem, values: Record<string, number | null>) {
  const sends: Array<{ type: string; recipients: string[]; critical?: boolean; data: Record<string, unknown> }> = [];
  const posts: Array<{ platform: string; chatId: string; alertId: string; status: string; key: string }> = [];
  const refreshes: Array<{ id: string; data: Record<string, unknown> }> = [];
  const reader: SeriesReader = {
    catalog: () => [ERROR_RATE],
    info: (name) => (name === ERROR_RATE.name ? ERROR_RATE : null),
    aggregate: async (q) => [{ labels: {}, value: values[q.filters.route ?? ""] ?? null }],
    series: async () => {
      throw new Error("not used");
    },
  };
  const deps: MonitorDeps = {
    db: s.system.db, clock: s.clock, logger: createLogger("silent"), queue: s.system.queue, registry: new Registry(),
    node: { id: "test-node", roles: ["scheduler"], version: "test", host: "test", pid: 1, startedAt: s.clock.now() },
    sender: {
      async send(input) {
        sends.push(input);
        return { event_id: `e${sends.length}` };
      },
    },
    cards: {
      async refresh(_type, id, card) {
        refreshes.push({ id, data: card.data });
        return 1;
      },
      async postToChat(input, key) {
        posts.push({ platform: input.platform, chatId: input.chatId, alertId: String(input.card.data.alertId), status: String(input.card.data.status), key });
      },
    },
    usersOfRole: (roleId) => s.system.iam.usersOfRole(roleId),
    userActor: (id) => s.system.iam.userActor(id),
    options: { evaluateMs: 30_000 },
  };
  return { part: createAlertsPart(deps, { reader }), sends, posts, refreshes, reader };
}
