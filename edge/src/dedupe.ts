/**
 * Platform retries and replays stopped at the edge: the first delivery of an id claims a key in
 * Upstash Redis (`SET key 1 NX EX 600`); a later one finds it taken and is answered 200 without
 * reaching the origin. The origin's own inbox still dedupes by event id (defence in depth); this
 * saves it the traffic: Slack retries an event 3 times and Feishu 4 times when the ack is slow.
 */
import { Redis } from "@upstash/redis/cloudflare";

export const DEDUPE_TTL_SEC = 600;
/** Redis gets this long before the edge forwards without a claim: the ack window matters more. */
export const DEDUPE_BUDGET_MS = 400;

type Fields = Record<string, unknown>;

const rec = (v: unknown): Fields => (v && typeof v === "object" && !Array.isArray(v) ? (v as Fields) : {});
const str = (v: unknown): string => (typeof v === "string" ? v : "");

async function sha256Hex(text: string): Promise<string> {
  const buf = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The id a Slack delivery repeats on every retry: the Events API `event_id` (the same on each
 * `X-Slack-Retry-Num` redelivery), a slash command's `trigger_id` (unique per invocation), an
 * interaction's `trigger_id` (else its first action's `action_ts`). Anything else: the body itself.
 */
export async function slackDedupeKey(raw: string, form: boolean): Promise<string> {
  try {
    if (form) {
      const fields = new URLSearchParams(raw);
      const payload = fields.get("payload");
      if (payload !== null) {
        const p = rec(JSON.parse(payload));
        const action = rec(Array.isArray(p.actions) ? p.actions[0] : undefined);
        const id = str(p.trigger_id) || (str(action.action_ts) && `${str(action.action_ts)}:${str(rec(p.user).id)}`);
        if (id) return `slack:interaction:${id}`;
      } else if (fields.get("trigger_id")) {
        return `slack:command:${fields.get("trigger_id")}`;
      }
    } else {
      const envelope = rec(JSON.parse(raw));
      if (str(envelope.event_id)) return `slack:event:${str(envelope.event_id)}`;
    }
  } catch {
    // Unparseable but signed: the body hash still recognises a replay.
  }
  return `slack:body:${await sha256Hex(raw)}`;
}

/**
 * Feishu: `header.event_id` (schema 2.0 events and new card callbacks) or `uuid` (v1 events);
 * a card callback without one (the legacy flat callback): its `token` plus the action clicked.
 */
export async function feishuDedupeKey(body: Fields): Promise<string> {
  const eventId = str(rec(body.header).event_id) || str(body.uuid);
  if (eventId) return `feishu:event:${eventId}`;
  const event = rec(body.event);
  const token = str(body.token) || str(event.token);
  const action = body.action ?? event.action;
  if (token) return `feishu:card:${token}:${await sha256Hex(JSON.stringify(action ?? null))}`;
  return `feishu:body:${await sha256Hex(JSON.stringify(body))}`;
}

export type Claim = "first" | "duplicate" | "unavailable";

export type Deduper = {
  /** "unavailable": Redis did not answer in time (or is not configured); the caller forwards anyway. */
  claim(key: string): Promise<Claim>;
  /** Frees a key whose delivery failed at the origin, so the platform's retry gets through. */
  release(key: string): Promise<void>;
};

export type DedupeConfig = { url?: string; token?: string; prefix: string };

function withBudget<T>(work: Promise<T>, fallback: T, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  return Promise.race([work.catch(() => fallback), late]).finally(() => clearTimeout(timer));
}

export function createDeduper(config: DedupeConfig, log: (msg: string, fields?: Fields) => void): Deduper {
  if (!config.url || !config.token) {
    return { claim: async () => "unavailable", release: async () => undefined };
  }
  // No retries and no telemetry: a slow Redis must not eat the platform's 3 s ack window.
  const redis = new Redis({ url: config.url, token: config.token, retry: false, enableTelemetry: false, automaticDeserialization: false });
  return {
    async claim(key) {
      const set = redis.set(`${config.prefix}${key}`, "1", { nx: true, ex: DEDUPE_TTL_SEC }).then((r): Claim => (r === "OK" ? "first" : "duplicate"));
      const claim = await withBudget<Claim>(set.catch((err: unknown) => (log("dedupe: redis failed", { error: String(err) }), "unavailable" as const)), "unavailable", DEDUPE_BUDGET_MS);
      return claim;
    },
    async release(key) {
      await withBudget(redis.del(`${config.prefix}${key}`).then(() => undefined), undefined, DEDUPE_BUDGET_MS);
    },
  };
}
