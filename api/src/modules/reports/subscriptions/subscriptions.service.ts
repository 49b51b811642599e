import { AppError, forbidden, hasPermission, notFound, pickLocale, t, type Actor, type FieldError } from "@ops/shared";
import type { ReportSubscription } from "@ops/shared/contracts/reports.ts";
import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import { insertRow, paginate, Where, type ListQuery } from "../../../platform/db/query.ts";
import { noteAudit } from "../../../platform/context.ts";
import { invalid } from "../reports.errors.ts";
import { REPORTS_MANAGE } from "../reports.deps.ts";
import { DELIVERY_QUEUE, paramsText, watermarkOf, type DeliveryDeps } from "../exports/index.ts";
import type { DigestOf } from "./digest.ts";
import { digestEmailHtml } from "./email-html.ts";
import { expandRecipients, unknownRecipients } from "./recipients.ts";
import { nextRunOf, validTimeZone, type Schedule } from "./schedule.ts";
import type { SubscriptionInput, SubscriptionPatch } from "./subscriptions.schema.ts";
import { toSubscription, type DeliveryJob, type RunRow, type SubscriptionRow } from "./store.ts";

const userOf = (actor: Actor) => (actor.kind === "user" ? actor.userId : null);

/**
 * Report subscriptions: daily/weekly/monthly at HH:mm in a zone with fixed parameters, to users, roles and departments.
 * The scheduler role's due pass claims each due row with `UPDATE … WHERE next_run_at = <the value read>` (one process
 * wins an occurrence) and queues one delivery per recipient; each delivery renders the digest AS that recipient, so
 * everyone gets only the rows their permissions allow, and sends it through notify (IM card and/or e-mail).
 */
export function createSubscriptions(deps: DeliveryDeps, digestOf: DigestOf) {
  const { db, clock } = deps;

  async function load(id: string): Promise<SubscriptionRow> {
    const row = await db.get<SubscriptionRow>("SELECT * FROM report_subscriptions WHERE id = ?", [id]);
    if (!row) throw notFound("reports.delivery.subscription_not_found", { id });
    return row;
  }
  /** Its creator, or a reports manager. */
  async function editable(actor: Actor, id: string): Promise<SubscriptionRow> {
    const row = await load(id);
    if (row.created_by !== userOf(actor) && !hasPermission(actor, REPORTS_MANAGE)) throw forbidden("reports.delivery.subscription_not_yours");
    return row;
  }

  async function check(actor: Actor, s: SubscriptionInput): Promise<{ reportId: string; next: string | null }> {
    const errors: FieldError[] = [];
    if (!validTimeZone(s.time_zone)) errors.push({ field: "time_zone", message: "reports.delivery.invalid_time_zone", params: { zone: s.time_zone } });
    if (s.frequency === "weekly" && (s.day == null || s.day > 7)) errors.push({ field: "day", message: "reports.delivery.invalid_weekday" });
    if (s.frequency === "monthly" && s.day == null) errors.push({ field: "day", message: "reports.delivery.invalid_month_day" });
    for (const i of await unknownRecipients(db, s.recipients)) errors.push({ field: `recipients[${i}].id`, message: "reports.delivery.unknown_recipient" });
    if (errors.length) throw invalid(errors);
    // the author must see the report; each recipient's digest is read with their own permissions later
    const report = await deps.reader.get(actor, s.report_id);
    const next = s.enabled ? nextRunOf(s as Schedule, clock.now()) : null;
    return { reportId: report.id, next: next ? iso(next) : null };
  }

  /** Queues one delivery per recipient of one firing (a recipient already queued for it is not queued twice). */
  async function fire(row: SubscriptionRow, fireId: string): Promise<{ fire_id: string; recipients: number }> {
    const users = await expandRecipients(db, JSON.parse(row.recipients));
    const now = iso(clock.now());
    for (const userId of users) {
      const run: RunRow = { id: newId(), subscription_id: row.id, fire_id: fireId, user_id: userId, status: "queued", error: null, event_id: null, created_at: now, finished_at: null };
      const [inserted] = await db.all<{ id: string }>(
        `INSERT INTO report_subscription_runs (id, subscription_id, fire_id, user_id, status, error, event_id, created_at, finished_at)
         VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, NULL) ON CONFLICT (fire_id, user_id) DO NOTHING RETURNING id`,
        [run.id, run.subscription_id, run.fire_id, run.user_id, run.status, run.created_at],
      );
      if (inserted) await deps.queue.enqueue<DeliveryJob>(DELIVERY_QUEUE, "reports.digest", { runId: run.id }, { idempotencyKey: `digest:${run.id}`, attempts: 3, backoff: { type: "exponential", delayMs: 30_000 } });
    }
    if (!users.length) await db.run("UPDATE report_subscriptions SET last_status = 'failed' WHERE id = ?", [row.id]);
    return { fire_id: fireId, recipients: users.length };
  }

  /** The subscription's outcome once no delivery of the firing is waiting: ok, partial or failed. */
  async function settle(run: RunRow) {
    const runs = await db.all<{ status: string }>("SELECT status FROM report_subscription_runs WHERE fire_id = ?", [run.fire_id]);
    if (runs.some((r) => r.status === "queued")) return;
    const sent = runs.filter((r) => r.status === "sent").length;
    const status = sent === runs.length ? "ok" : sent === 0 ? "failed" : "partial";
    await db.run("UPDATE report_subscriptions SET last_status = ? WHERE id = ?", [status, run.subscription_id]);
  }

  /** The worker's handler: the digest as the recipient, sent on the subscription's channels. */
  async function deliver(job: DeliveryJob): Promise<void> {
    const run = await db.get<RunRow>("SELECT * FROM report_subscription_runs WHERE id = ?", [job.runId]);
    if (!run || run.status !== "queued") return;
    const finish = async (status: RunRow["status"], fields: { error?: string; event_id?: string }) => {
      await db.run("UPDATE report_subscription_runs SET status = ?, error = ?, event_id = ?, finished_at = ? WHERE id = ?",
        [status, fields.error?.slice(0, 1000) ?? null, fields.event_id ?? null, iso(clock.now()), run.id]);
      await settle({ ...run, status });
    };
    try {
      const sub = toSubscription(await load(run.subscription_id));
      const actor = await deps.userActor(run.user_id);
      if (!actor || actor.kind !== "user") return await finish("skipped", { error: "user inactive" });
      if (!deps.sender) return await finish("failed", { error: "no notification sender" });
      const wantsEmail = sub.channels.includes("email");
      // attach_xlsx: the e-mail carries the file, the IM card a signed link that writes it as this recipient when opened
      const digest = await digestOf(actor, sub.report_id, sub.params, { xlsx: wantsEmail && sub.attach_xlsx, xlsxLink: sub.attach_xlsx });
      const locale = pickLocale(actor.locale);
      const attachments: Array<{ key: string; filename: string; content_type: string; cid?: string }> = [];
      if (digest.imageKey) attachments.push({ key: digest.imageKey, filename: "chart.png", content_type: "image/png", cid: "chart" });
      if (digest.xlsx) {
        const key = `reports/exports/${run.id}.xlsx`;
        await deps.blobs.put(key, digest.xlsx);
        await insertRow(db, "report_exports", {
          id: run.id, report_id: sub.report_id, format: "xlsx", params: JSON.stringify(sub.params), status: "done", progress: 100, estimated_rows: null,
          rows_done: null, bytes: digest.xlsx.length, blob_key: key, error: null, created_by: run.user_id, created_at: iso(clock.now()), finished_at: iso(clock.now()),
        });
        attachments.push({ key, filename: `${digest.card.name}.xlsx`, content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
      }
      const sent = await deps.sender.send({
        type: "reports.digest", recipients: [run.user_id], channels: sub.channels,
        data: {
          ...digest.card, card: "report-digest", subscription_id: sub.id, url: `/reports/${sub.report_id}`,
          title: t(locale, "reports.delivery.digest_title", { name: digest.card.name, subscription: sub.name }),
          body: t(locale, "reports.delivery.digest_body", { period: digest.card.period, metrics: digest.card.metrics.map((m) => `${m.label} ${m.value}`).join("，") }),
          ...(digest.xlsx ? { download_url: `/api/v1/report-exports/${run.id}/download` } : {}),
          ...(wantsEmail ? { email: { html: digestEmailHtml(digest.card, { locale, chartCid: attachments.some((a) => a.cid) ? "chart" : undefined, watermark: watermarkOf(actor, clock.now()) }), attachments } } : {}),
        },
      });
      await finish("sent", { event_id: sent.event_id });
    } catch (e) {
      const error = e instanceof AppError ? t("en", e.code, e.params) : e instanceof Error ? e.message : String(e);
      deps.logger.warn("report digest failed", { run_id: run.id, err: e });
      await finish("failed", { error });
    }
  }

  return {
    async create(actor: Actor, input: SubscriptionInput): Promise<ReportSubscription> {
      const { reportId, next } = await check(actor, input);
      const now = iso(clock.now());
      const row: SubscriptionRow = {
        id: newId(), report_id: reportId, name: input.name, frequency: input.frequency, time: input.time, day: input.frequency === "daily" ? null : (input.day ?? null),
        time_zone: input.time_zone, params: JSON.stringify(input.params), recipients: JSON.stringify(input.recipients), channels: JSON.stringify([...new Set(input.channels)]),
        attach_xlsx: input.attach_xlsx ? 1 : 0, enabled: input.enabled ? 1 : 0, next_run_at: next, last_run_at: null, last_status: null,
        created_by: userOf(actor), created_at: now, updated_at: now,
      };
      await insertRow(db, "report_subscriptions", row);
      noteAudit({ resourceType: "report_subscription", resourceId: row.id, after: toSubscription(row) });
      return toSubscription(row);
    },
    async update(actor: Actor, id: string, patch: SubscriptionPatch): Promise<ReportSubscription> {
      const before = toSubscription(await editable(actor, id));
      const merged = { ...before, ...patch } as SubscriptionInput;
      const { reportId, next } = await check(actor, merged);
      await db.run(
        `UPDATE report_subscriptions SET report_id = ?, name = ?, frequency = ?, time = ?, day = ?, time_zone = ?, params = ?, recipients = ?, channels = ?,
          attach_xlsx = ?, enabled = ?, next_run_at = ?, updated_at = ? WHERE id = ?`,
        [reportId, merged.name, merged.frequency, merged.time, merged.frequency === "daily" ? null : (merged.day ?? null), merged.time_zone, JSON.stringify(merged.params),
          JSON.stringify(merged.recipients), JSON.stringify([...new Set(merged.channels)]), merged.attach_xlsx ? 1 : 0, merged.enabled ? 1 : 0, next, iso(clock.now()), id],
      );
      const after = toSubscription(await load(id));
      noteAudit({ resourceType: "report_subscription", resourceId: id, before, after });
      return after;
    },
    async remove(actor: Actor, id: string): Promise<void> {
      const before = toSubscription(await editable(actor, id));
      await db.run("DELETE FROM report_subscriptions WHERE id = ?", [id]);
      noteAudit({ resourceType: "report_subscription", resourceId: id, before });
    },
    get: async (actor: Actor, id: string) => toSubscription(await editable(actor, id)),
    async list(actor: Actor, q: ListQuery & { report_id?: string }) {
      const where = new Where().eq("report_id", q.report_id);
      if (!hasPermission(actor, REPORTS_MANAGE)) where.add("created_by = ?", userOf(actor) ?? "");
      return paginate<SubscriptionRow, ReportSubscription>(db, {
        select: "*", from: "report_subscriptions", where, query: q, sortable: { created_at: "created_at", name: "name", next_run_at: "next_run_at" },
        defaultSort: "created_at DESC, id DESC", map: toSubscription,
      });
    },
    async runs(actor: Actor, id: string, q: ListQuery) {
      await editable(actor, id);
      return paginate<RunRow>(db, {
        select: "*", from: "report_subscription_runs", where: new Where().add("subscription_id = ?", id), query: q,
        sortable: { created_at: "created_at" }, defaultSort: "created_at DESC, id DESC",
      });
    },
    /** POST …/{id}/run: fires now, whatever the schedule (testing a subscription). */
    async runNow(actor: Actor, id: string) {
      const row = await editable(actor, id);
      const out = await fire(row, `${row.id}:manual:${newId()}`);
      noteAudit({ resourceType: "report_subscription", resourceId: id, after: out });
      return out;
    },
    /** The scheduler role's pass: each due subscription is claimed by one process and fired once. Returns the firings. */
    async duePass(): Promise<number> {
      const now = clock.now();
      const due = await db.all<SubscriptionRow>("SELECT * FROM report_subscriptions WHERE enabled = 1 AND next_run_at IS NOT NULL AND next_run_at <= ? ORDER BY next_run_at LIMIT 100", [iso(now)]);
      let fired = 0;
      for (const row of due) {
        const next = nextRunOf(toSubscription(row) as Schedule, now);
        const claimed = await db.all<{ id: string }>(
          "UPDATE report_subscriptions SET next_run_at = ?, last_run_at = ? WHERE id = ? AND next_run_at = ? RETURNING id",
          [next ? iso(next) : null, iso(now), row.id, row.next_run_at],
        );
        if (!claimed.length) continue;
        try {
          await fire(row, `${row.id}:${row.next_run_at}`);
          fired++;
        } catch (e) {
          deps.logger.warn("report subscription firing failed", { subscription_id: row.id, err: e, params: paramsText(JSON.parse(row.params)) });
        }
      }
      return fired;
    },
    deliver,
  };
}

export type Subscriptions = ReturnType<typeof createSubscriptions>;
