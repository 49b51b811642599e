/**
 * Alerts in chat (issue 13): `alerts` (告警 / 报警) lists the open ones, and the alert cards' Acknowledge / Resolve /
 * Silence 1h act through `POST /alerts/{id}/ack|resolve|silence` as the clicker (monitor:ack, the alert's transition
 * rules and audit are the API's). The API then refreshes every posted copy of the alert in place (entity "alert"),
 * so a click on an alert card answers nothing itself; a refusal (not allowed, the alert moved on) goes to the
 * clicker alone. The monitor module builds its routes at start, so AppType does not spell them: declared here with
 * the paths of DESIGN.md §5 and the wire types of @ops/shared/contracts/monitor.ts.
 */
import { alertCard, alertListCard, ALERT_LIST_MAX, type AlertListItem, type Card, type CardAction } from "@ops/cards";
import { allowed, MAX_PAGE_SIZE, type Locale } from "@ops/shared";
import { ALERT_LEVELS, ALERT_STATUSES, type Alert, type AlertCardData } from "@ops/shared/contracts/monitor.ts";
import { ApiCallError, data } from "./api-client.ts";
import { errorAnswer, isUnbound, type ActionAnswer, type Answer, type AnswerCtx } from "./answer.ts";
import { loadMe } from "./identity.ts";

const TIME_ZONE = "Asia/Shanghai";
const MONITOR_ACK = "monitor:ack";

type Pending = Promise<{ status: number; json(): Promise<unknown> }>;
type Post<J> = { $post(a: { param: { id: string }; json: J }): Pending };
type AlertsRoutes = {
  alerts: {
    $get(a: { query: Record<string, string> }): Pending;
    ":id": { ack: Post<{ note?: string }>; resolve: Post<{ note?: string }>; silence: Post<{ duration: string }> };
  };
};

const routes = (ctx: AnswerCtx) => ctx.api.as(ctx.caller).api.v1 as unknown as AlertsRoutes;

export type AlertOp = "ack" | "resolve" | "silence";

const oneOf = <T extends string>(list: readonly T[], v: unknown, fallback: T): T => (list.includes(v as T) ? (v as T) : fallback);

/**
 * The alert card from a card job's data: AlertCardData as the monitor module sends it (chat posts and refreshes), or
 * the same spread into a notification's data, where notify has put the notice's wording in `title` (the alert's own
 * title then travels as `alert_title` when the sender gives it).
 */
export function alertCardOf(data: Record<string, unknown>, locale: Locale): Card {
  const d = data as Partial<AlertCardData> & Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v ? v : null);
  return alertCard({
    ...d,
    alertId: str(d.alertId) ?? str(d.alert_id) ?? "",
    // without it, the notice's "[P1] " before the title is dropped: the card's subtitle says the level already
    title: str(d.alert_title) ?? (str(d.title) ?? "").replace(/^\[P[0-3]\]\s*/, ""),
    level: oneOf(ALERT_LEVELS, d.level, "P2"),
    status: oneOf(ALERT_STATUSES, d.status, "firing"),
    source: str(d.source) ?? "",
    firedAt: str(d.firedAt) ?? "",
    timeZone: str(d.timeZone) ?? TIME_ZONE,
  }, locale);
}

/** The open alerts as the caller may read them (newest first), and how many are open in all. */
async function openAlerts(ctx: AnswerCtx): Promise<{ items: Alert[]; total: number }> {
  const page = await data<{ items: Alert[]; total: number }>(routes(ctx).alerts.$get({ query: { status: "open", page: "1", page_size: String(MAX_PAGE_SIZE) } }));
  const items = [...page.items].sort((a, b) => Date.parse(b.fired_at) - Date.parse(a.fired_at) || b.id.localeCompare(a.id));
  return { items, total: Math.max(page.total, items.length) };
}

/** `alerts` (告警): the open alerts, Acknowledge on the firing ones when the caller may acknowledge. */
export async function alertsAnswer(ctx: AnswerCtx): Promise<Answer> {
  const me = await loadMe(ctx);
  const open = await openAlerts(ctx);
  const canAck = allowed({ kind: "alerts", permission: MONITOR_ACK, usage: "" }, me.permissions);
  const items: AlertListItem[] = open.items.slice(0, ALERT_LIST_MAX).map((a) => ({
    id: a.id, level: a.level, title: a.title, status: a.status, firedAt: a.fired_at, acknowledgedBy: a.acknowledged_by_name ?? a.acknowledged_by,
  }));
  return { kind: "alert-list", card: alertListCard({ items, total: open.total, canAck, timeZone: TIME_ZONE }, ctx.locale), userId: me.id };
}

/** The API call behind a button; the alert as it is now. */
function act(ctx: AnswerCtx, op: AlertOp, id: string, action: CardAction): Promise<Alert> {
  const alert = routes(ctx).alerts[":id"];
  if (op === "silence") return data<Alert>(alert.silence.$post({ param: { id }, json: { duration: String(action.value.duration ?? "1h") } }));
  const note = action.inputs.note?.trim();
  return data<Alert>(alert[op].$post({ param: { id }, json: note ? { note } : {} }));
}

/**
 * Acknowledge / Resolve / Silence 1h on an alert card or the list, as the clicker. The alert card itself is brought
 * up to date by the API's refresh (every copy, this one included); the list is answered anew in place.
 */
export async function alertAction(ctx: AnswerCtx, action: CardAction, op: AlertOp): Promise<ActionAnswer> {
  const id = String(action.value.id ?? "");
  try {
    await act(ctx, op, id, action);
    return { update: action.value.list === true ? await alertsAnswer(ctx) : null, cards: [] };
  } catch (error) {
    // refused (not allowed, no such alert, it moved on): the clicker alone hears why; anything else is the error sink's
    if (!(error instanceof ApiCallError) || isUnbound(error) || ![400, 403, 404, 409].includes(error.status)) throw error;
    return { update: null, cards: [{ ...errorAnswer(ctx, error), ephemeral: true }] };
  }
}
