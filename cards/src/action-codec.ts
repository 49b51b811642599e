/**
 * How a button's (action, value) pair rides on each platform and comes back from its callback.
 * Values are never truncated: a value that does not fit a platform is a programming error and throws,
 * because a cut value would silently point the action at the wrong thing.
 */
import { AppError } from "@ops/shared";
import type { ActionButton, ActionValue, Card, CardAction } from "./card.ts";
import { allButtons } from "./card.ts";
import { ACTION_NAME_MAX, ACTION_NAME_PATTERN, FIELD_NAME_PATTERN } from "./limits.ts";
import { utf8Bytes } from "./text.ts";

export type Platform = "slack" | "feishu" | "dingtalk" | "web";

const SLACK_DUPLICATE_MARK = "~";

export function encodeValue(value: ActionValue): string {
  return JSON.stringify(value);
}

/** Checks every button and form field name of a card before any platform JSON is produced. */
export function assertCardActions(card: Card, platform: Platform, maxValue: number, unit: "chars" | "bytes"): void {
  for (const b of allButtons(card)) if (b.kind === "action") assertButton(b, platform, maxValue, unit);
  const names = new Set<string>();
  for (const b of card.blocks) {
    if (b.type !== "input" && b.type !== "select") continue;
    // Field names key the submitted values on every platform, so they must be well-formed and unique.
    if (!FIELD_NAME_PATTERN.test(b.name) || names.has(b.name))
      throw new AppError("cards.invalid_field_name", { status: 500, params: { name: b.name } });
    names.add(b.name);
  }
}

function assertButton(b: ActionButton, platform: Platform, max: number, unit: "chars" | "bytes"): void {
  if (b.action.length > ACTION_NAME_MAX || !ACTION_NAME_PATTERN.test(b.action))
    throw new AppError("cards.invalid_action", { status: 500, params: { action: b.action } });
  const encoded = encodeValue(b.value);
  const size = unit === "chars" ? encoded.length : utf8Bytes(encoded);
  if (size > max)
    throw new AppError("cards.action_value_too_large", { status: 500, params: { action: b.action, platform, size, max } });
}

function parseValue(raw: unknown): ActionValue {
  if (raw && typeof raw === "object" && !Array.isArray(raw)) return raw as ActionValue;
  if (typeof raw !== "string" || raw === "") return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as ActionValue) : {};
  } catch {
    return {};
  }
}

// ---- Slack: action_id = action (suffixed when repeated, since Slack wants them unique), value = JSON ----

export function slackActionId(action: string, seen: Map<string, number>): string {
  const n = seen.get(action) ?? 0;
  seen.set(action, n + 1);
  return n === 0 ? action : `${action}${SLACK_DUPLICATE_MARK}${n}`;
}

type SlackStateValues = Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>>;

export function decodeSlackAction(action: { action_id: string; value?: string }, state?: SlackStateValues): CardAction {
  const name = action.action_id.split(SLACK_DUPLICATE_MARK)[0]!;
  const inputs: Record<string, string> = {};
  for (const block of Object.values(state ?? {}))
    for (const [id, v] of Object.entries(block)) {
      const text = v.selected_option?.value ?? v.value;
      if (typeof text === "string") inputs[id] = text;
    }
  return { action: name, value: parseValue(action.value), inputs };
}

// ---- Feishu: behaviors[{type:"callback", value:{action, value}}]; form fields arrive in form_value ----

export function feishuCallbackValue(b: ActionButton): { action: string; value: ActionValue } {
  return { action: b.action, value: b.value };
}

export function decodeFeishuAction(a: { value?: unknown; form_value?: Record<string, unknown> | null }): CardAction | null {
  const v = parseValue(a.value) as { action?: unknown; value?: unknown };
  if (typeof v.action !== "string") return null;
  const inputs: Record<string, string> = {};
  for (const [k, raw] of Object.entries(a.form_value ?? {})) if (typeof raw === "string") inputs[k] = raw;
  return { action: v.action, value: parseValue(v.value), inputs };
}

// ---- DingTalk: the template's button sends actionIds:[action] and params:{value:"<json>"} ----

export function decodeDingTalkAction(data: { content?: unknown; value?: unknown }): CardAction | null {
  // `content` is doubly encoded JSON; one doc mirror names it `value` and puts params beside cardPrivateData.
  const outer = parseValue(data.content ?? data.value) as {
    cardPrivateData?: { actionIds?: unknown; params?: Record<string, unknown> };
    params?: Record<string, unknown>;
  };
  const priv = outer.cardPrivateData ?? {};
  const ids = Array.isArray(priv.actionIds) ? priv.actionIds : [];
  const params = priv.params ?? outer.params ?? {};
  const action = typeof ids[0] === "string" ? ids[0] : typeof params.action === "string" ? params.action : null;
  if (!action) return null;
  const inputs: Record<string, string> = {};
  for (const [k, raw] of Object.entries(params)) if (k !== "value" && k !== "action" && typeof raw === "string") inputs[k] = raw;
  return { action, value: parseValue(params.value), inputs };
}

// ---- Web: the PWA posts {action, value, inputs} as is (POST /api/v1/chat/actions) ----

export function decodeWebAction(body: { action?: unknown; value?: unknown; inputs?: unknown }): CardAction | null {
  if (typeof body.action !== "string" || !ACTION_NAME_PATTERN.test(body.action)) return null;
  const inputs: Record<string, string> = {};
  if (body.inputs && typeof body.inputs === "object")
    for (const [k, raw] of Object.entries(body.inputs)) if (typeof raw === "string") inputs[k] = raw;
  return { action: body.action, value: parseValue(body.value), inputs };
}
