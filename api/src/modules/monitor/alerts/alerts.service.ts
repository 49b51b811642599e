import { badRequest, type Actor } from "@ops/shared";
import type { Alert, AlertRule } from "@ops/shared/contracts/monitor.ts";
import { iso } from "../../../platform/clock.ts";
import { paginate, Where, type ListQuery } from "../../../platform/db/query.ts";
import type { MonitorDeps } from "../monitor.deps.ts";
import type { AlertRaiser, SecurityOccurrence, SeriesReader } from "../ports.ts";
import { ALERT_STATUS_FILTER } from "./alerts.schema.ts";
import { createEvaluator, type GroupValue } from "./evaluator.ts";
import { createNotifier } from "./notifier.ts";
import { createRules } from "./rules.ts";
import { createSilences, matches } from "./silences.ts";
import { createStateMachine } from "./state.ts";
import { alertStore, type AlertRow } from "./store.ts";

const DURATIONS: Record<string, number> = { "1h": 60, "4h": 240, "24h": 1440 };

/** The alerts part's services: rules, evaluation, the state machine, silences, and the raiser security detectors use. */
export function createAlertsService(deps: MonitorDeps, reader: SeriesReader) {
  const rules = createRules(deps, reader);
  const store = alertStore(deps.db);
  const silences = createSilences(deps);
  const notifier = createNotifier(deps, reader);
  const state = createStateMachine(deps, store, rules, silences, notifier);
  const evaluator = createEvaluator(deps, reader, rules, store, silences, state);
  let seeding: Promise<void> | null = null;
  /** The built-in security rules exist before anything reads rules (once per process; safe across processes). */
  const seeded = () => (seeding ??= rules.seedBuiltins().catch((e) => {
    seeding = null;
    throw e;
  }));

  const raiser: AlertRaiser = {
    async rulesOf(detector) {
      await seeded();
      return (await rules.enabledOf("security", detector)).map((r) => ({ id: r.id, threshold: r.threshold, window_s: r.window_s, level: r.level }));
    },
    async raise(ruleId: string, o: SecurityOccurrence) {
      const rule = await rules.get(ruleId);
      if (!rule.enabled) return;
      await state.open(rule, { labels: o.labels, value: o.value, summary: o.summary, at: o.at });
    },
  };

  /** Alerts nothing will evaluate any more (their rule deleted, or a metric rule disabled) close now, quietly. */
  async function closeOrphans(ruleId: string, note: string) {
    for (const a of await deps.db.all<{ id: string }>("SELECT id FROM alerts WHERE rule_id = ? AND open_fingerprint IS NOT NULL", [ruleId])) {
      await state.resolve(null, a.id, note).catch(() => undefined);
    }
  }

  return {
    rules,
    silences,
    async updateRule(id: string, input: Parameters<typeof rules.update>[1]) {
      const rule = await rules.update(id, input);
      if (!rule.enabled && rule.kind === "metric") await closeOrphans(id, "rule disabled");
      return rule;
    },
    async removeRule(id: string) {
      await rules.remove(id);
      await closeOrphans(id, "rule deleted");
    },
    raiser,
    seeded,
    evaluate: async () => {
      await seeded();
      return evaluator.pass();
    },
    async testRule(id: string): Promise<{ rule: AlertRule; at: string; groups: GroupValue[] }> {
      const rule = await rules.get(id);
      const at = deps.clock.now();
      return { rule, at: iso(at), groups: await evaluator.valuesOf(rule, at) };
    },
    async list(q: ListQuery & { status?: string; level?: string; rule_id?: string }) {
      const where = new Where().eq("level", q.level).eq("rule_id", q.rule_id);
      if (q.status) {
        const wanted = q.status.split(",").map((s) => s.trim()).filter(Boolean);
        const bad = wanted.find((s) => !(ALERT_STATUS_FILTER as readonly string[]).includes(s));
        if (bad) throw badRequest("common.validation", [{ field: "status", message: "common.bad_request", params: { value: bad } }]);
        where.in("status", wanted.flatMap((s) => (s === "open" ? ["firing", "acknowledged", "silenced"] : [s])));
      }
      const page = await paginate<AlertRow>(deps.db, {
        select: "*", from: "alerts", where, query: q,
        sortable: { fired_at: "fired_at", level: "level", status: "status", last_seen_at: "last_seen_at", occurrences: "occurrences" }, defaultSort: "fired_at DESC, id DESC",
      });
      return { ...page, items: await store.withNames(page.items) };
    },
    async get(id: string): Promise<Alert> {
      const a = await state.view(await store.load(id));
      return { ...a, events: await store.events(id) };
    },
    ack: async (actor: Actor, id: string, note?: string) => state.view(await state.ack(actor, id, note ?? null)),
    resolve: async (actor: Actor, id: string, note?: string) => state.view(await state.resolve(actor, id, note ?? null)),
    async silence(actor: Actor, id: string, duration: string | number, reason?: string) {
      const minutes = typeof duration === "string" ? DURATIONS[duration] : duration;
      if (!minutes || minutes < 1 || minutes > 10_080) throw badRequest("monitor.alerts.bad_duration", [{ field: "duration", message: "monitor.alerts.bad_duration" }]);
      return state.view(await state.silence(actor, id, minutes, reason ?? null));
    },
    async createSilence(actor: Actor, s: { rule_id: string | null; matchers: Record<string, string>; ends_at: string; reason: string }) {
      const ends = new Date(s.ends_at);
      if (ends.getTime() <= deps.clock.now().getTime()) throw badRequest("monitor.alerts.ends_in_past", [{ field: "ends_at", message: "monitor.alerts.ends_in_past" }]);
      if (s.rule_id) await rules.get(s.rule_id);
      const silence = await silences.create(actor, { ...s, ends_at: iso(ends) });
      // open alerts it covers go quiet now rather than at the next pass
      for (const a of await deps.db.all<AlertRow>("SELECT * FROM alerts WHERE open_fingerprint IS NOT NULL AND status IN ('firing', 'acknowledged')")) {
        if (matches(silence, a.rule_id, JSON.parse(a.labels))) await state.silenceBy(a, silence.ends_at);
      }
      return silence;
    },
    async expireSilence(id: string) {
      const silence = await silences.expire(id);
      for (const a of await deps.db.all<AlertRow>("SELECT * FROM alerts WHERE status = 'silenced'")) {
        if (!(await silences.activeUntil(a.rule_id, JSON.parse(a.labels)))) await state.unsilence(a);
      }
      return silence;
    },
  };
}

export type AlertsService = ReturnType<typeof createAlertsService>;
