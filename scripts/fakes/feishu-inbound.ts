/**
 * What Feishu sends to an app: schema 2.0 event envelopes (`im.message.receive_v1`,
 * `card.action.trigger`), the legacy flat card callback and the url_verification challenge,
 * encrypted and signed as the platform does (im-protocols.md §2.1-2.6).
 */
import { createHash } from "node:crypto";
import { isRecord, parseJson } from "./chat-server.ts";
import type { FeishuMessage, FeishuTenant } from "./feishu-tenant.ts";
import { larkCardSignatureV1, larkEncrypt, larkSignature } from "./signing/feishu.ts";

export interface MessageEventInput {
  text: string;
  /** Sender; defaults to the first user. */
  open_id?: string;
  chat_id?: string;
  chat_type?: "group" | "p2p";
  /** Prefix the text with `@_user_1` and list the bot in `mentions`, as a group @mention does. */
  mentionBot?: boolean;
  message_id?: string;
  /** Reuse an event_id to model an at-least-once redelivery. */
  event_id?: string;
  root_id?: string;
  parent_id?: string;
  /** a message in a topic (thread) */
  thread_id?: string;
}

export interface CardActionInput {
  message_id: string;
  open_id?: string;
  /** Find the clicked element by its `name` … */
  name?: string;
  /** … or by its visible text (`text.content`). */
  button_text?: string;
  /** Only for a message the fake does not hold; otherwise taken from the element. */
  value?: unknown;
  form_value?: Record<string, unknown>;
  tag?: string;
}

export interface FeishuSendOptions {
  /** Defaults to true when the fake has an encrypt key. */
  encrypt?: boolean;
  /** Encrypt and sign with another key (a forged or misconfigured sender). */
  encryptKey?: string;
  /** Send this exact `X-Lark-Signature`. */
  signature?: string;
  timestamp?: string;
  nonce?: string;
  /** Serialize the plaintext envelope with indentation (the node SDK re-serializes and then fails to verify). */
  pretty?: boolean;
  ackWindowMs?: number;
}

export function senderOf(t: FeishuTenant, openId?: string) {
  const u = (openId ? t.users.get(openId) : undefined) ?? [...t.users.values()][0];
  if (!u) throw new Error("feishu fake: no users configured");
  return u;
}

function header(t: FeishuTenant, eventType: string, verificationToken: string, eventId?: string) {
  return {
    event_id: eventId ?? `fake_ev_${t.seq.pad(10)}`,
    token: verificationToken,
    create_time: String(t.now()),
    event_type: eventType,
    tenant_key: t.tenantKey,
    app_id: t.appId,
  };
}

export function messageEvent(t: FeishuTenant, verificationToken: string, input: MessageEventInput): Record<string, unknown> {
  const u = senderOf(t, input.open_id);
  const chatType = input.chat_type ?? (input.chat_id?.startsWith("oc_p2p_") ? "p2p" : "group");
  const chatId = input.chat_id ?? (chatType === "p2p" ? `oc_p2p_${u.open_id.replace(/^ou_/, "")}` : ([...t.chats][0] ?? "oc_fake_ops"));
  const mentions = input.mentionBot
    ? [{ key: "@_user_1", id: { union_id: `on_${t.botOpenId}`, user_id: "", open_id: t.botOpenId }, name: t.botName, tenant_key: t.tenantKey }]
    : [];
  const text = input.mentionBot ? `@_user_1 ${input.text}` : input.text;
  const now = String(t.now());
  const messageId = input.message_id ?? `om_fake_in${t.seq.pad(8)}`;
  t.userMessages.set(messageId, { message_id: messageId, chat_id: chatId, chat_type: chatType, ...(input.root_id ? { root_id: input.root_id } : {}) });
  return {
    schema: "2.0",
    header: header(t, "im.message.receive_v1", verificationToken, input.event_id),
    event: {
      sender: { sender_id: { union_id: u.union_id, user_id: u.user_id, open_id: u.open_id }, sender_type: "user", tenant_key: t.tenantKey },
      message: {
        message_id: messageId,
        root_id: input.root_id ?? "",
        parent_id: input.parent_id ?? "",
        ...(input.thread_id ? { thread_id: input.thread_id } : {}),
        create_time: now,
        update_time: now,
        chat_id: chatId,
        chat_type: chatType,
        message_type: "text",
        content: JSON.stringify({ text }),
        mentions,
        user_agent: "Mozilla/5.0 Lark/7.30.0 (fake)",
      },
    },
  };
}

/** Finds a clickable element in a card (1.0 `value` or 2.0 `behaviors[].value`) by name or text. */
export function findCardElement(node: unknown, input: CardActionInput): Record<string, unknown> | undefined {
  if (Array.isArray(node)) {
    for (const child of node) {
      const hit = findCardElement(child, input);
      if (hit) return hit;
    }
    return undefined;
  }
  if (!isRecord(node)) return undefined;
  const text = isRecord(node.text) ? node.text.content : undefined;
  if (typeof node.tag === "string" && ((input.name && node.name === input.name) || (input.button_text && text === input.button_text))) return node;
  for (const v of Object.values(node)) {
    const hit = findCardElement(v, input);
    if (hit) return hit;
  }
  return undefined;
}

function clickedValue(msg: FeishuMessage | undefined, input: CardActionInput): { value: unknown; tag: string; name?: string } {
  if (!msg || (!input.name && !input.button_text)) return { value: input.value ?? {}, tag: input.tag ?? "button", name: input.name };
  const el = findCardElement(parseJson(msg.content), input);
  if (!el) throw new Error(`feishu fake: no element ${input.name ?? input.button_text} in card ${msg.message_id}`);
  const behavior = Array.isArray(el.behaviors) ? el.behaviors.find((b) => isRecord(b) && b.type === "callback") : undefined;
  const value = isRecord(behavior) ? behavior.value : el.value;
  return { value: value ?? {}, tag: String(el.tag), ...(typeof el.name === "string" ? { name: el.name } : {}) };
}

export function cardActionEvent(t: FeishuTenant, verificationToken: string, input: CardActionInput, cardToken: string): Record<string, unknown> {
  const msg = t.findMessage(input.message_id);
  const u = senderOf(t, input.open_id);
  const clicked = clickedValue(msg, input);
  return {
    schema: "2.0",
    header: header(t, "card.action.trigger", verificationToken),
    event: {
      operator: { tenant_key: t.tenantKey, user_id: u.user_id, open_id: u.open_id, union_id: u.union_id },
      token: cardToken,
      action: { value: clicked.value, tag: clicked.tag, ...(clicked.name ? { name: clicked.name } : {}), ...(input.form_value ? { form_value: input.form_value } : {}), timezone: "Asia/Shanghai" },
      host: "im_message",
      context: { open_message_id: input.message_id, open_chat_id: msg?.chat_id ?? [...t.chats][0] },
    },
  };
}

/** The flat body of the old card callback (`card.action.trigger_v1`). */
export function legacyCardAction(t: FeishuTenant, input: CardActionInput, cardToken: string): Record<string, unknown> {
  const msg = t.findMessage(input.message_id);
  const u = senderOf(t, input.open_id);
  const clicked = clickedValue(msg, input);
  return {
    open_id: u.open_id,
    user_id: u.user_id,
    open_message_id: input.message_id,
    open_chat_id: msg?.chat_id ?? [...t.chats][0],
    tenant_key: t.tenantKey,
    token: cardToken,
    action: { value: clicked.value, tag: clicked.tag, ...(input.form_value ? { form_value: input.form_value } : {}), timezone: "Asia/Shanghai" },
  };
}

/** Body and headers for an event or new callback: encrypted and signed when a key is configured. */
export function sealEvent(t: FeishuTenant, plain: Record<string, unknown>, key: string | undefined, o: FeishuSendOptions, signed = true) {
  const text = o.pretty ? JSON.stringify(plain, null, 2) : JSON.stringify(plain);
  const useKey = o.encryptKey ?? key;
  const iv = createHash("sha256").update(`iv-${t.seq.next()}`).digest().subarray(0, 16);
  const body = useKey && (o.encrypt ?? Boolean(key)) ? JSON.stringify({ encrypt: larkEncrypt(useKey, text, iv) }) : text;
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8", "user-agent": "Lark-Event-Push/1.0 (fake)" };
  if (useKey && signed) {
    const ts = o.timestamp ?? String(Math.floor(t.now() / 1000));
    const nonce = o.nonce ?? `nonce${t.seq.pad(8)}`;
    Object.assign(headers, { "x-lark-request-timestamp": ts, "x-lark-request-nonce": nonce, "x-lark-signature": o.signature ?? larkSignature(ts, nonce, useKey, body) });
  }
  return { body, headers };
}

/** The legacy card callback is never encrypted; it is signed with SHA-1 over the verification token. */
export function sealLegacy(t: FeishuTenant, plain: Record<string, unknown>, verificationToken: string, o: FeishuSendOptions) {
  const body = o.pretty ? JSON.stringify(plain, null, 2) : JSON.stringify(plain);
  const ts = o.timestamp ?? String(Math.floor(t.now() / 1000));
  const nonce = o.nonce ?? `nonce${t.seq.pad(8)}`;
  const headers = {
    "content-type": "application/json; charset=utf-8",
    "x-lark-request-timestamp": ts,
    "x-lark-request-nonce": nonce,
    "x-lark-signature": o.signature ?? larkCardSignatureV1(ts, nonce, verificationToken, body),
  };
  return { body, headers };
}

/**
 * What Feishu does with a callback answer: `card` (raw or template) replaces the card for everyone
 * at once; the legacy callback may answer with the card JSON itself. Returns the toast, if any.
 */
export function applyCardAnswer(t: FeishuTenant, messageId: string, answer: unknown, legacy: boolean): unknown {
  if (!isRecord(answer)) return undefined;
  const msg = t.findMessage(messageId);
  const card = answer.card;
  if (msg && isRecord(card) && card.type === "raw" && isRecord(card.data)) t.updateCard(msg, JSON.stringify(card.data), "callback");
  else if (msg && isRecord(card) && card.type === "template") t.updateCard(msg, JSON.stringify(card), "callback");
  else if (msg && legacy && !("toast" in answer) && !("card" in answer) && Object.keys(answer).length) t.updateCard(msg, JSON.stringify(answer), "callback");
  return answer.toast;
}
