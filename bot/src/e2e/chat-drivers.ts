/**
 * One driver per chat platform for the shared end-to-end suite (chat-contract.ts): how a user sends
 * a message through the stand-in (signed exactly as the platform signs), how a button is clicked, and
 * what the bot has posted there. The suite runs unchanged against all three, like Hono's router suite.
 */
import type { InboundResult, PushResult } from "../../../scripts/fakes/index.ts";
import type { BotHarness, BotHarnessOptions } from "../testing/bot-harness.ts";

/**
 * A posted message as the platform shows it now: its id, current content (JSON text), how many
 * times it changed, and whether others read where it is (a group) or only its recipient (a DM).
 */
export type Posted = { ref: string; content: string; versions: number; group: boolean };

type Subscribable = { subscribe(listener: () => void): () => void };

export type Delivery = { status: number; redeliver(): Promise<number> };

export type ChatDriver = {
  platform: "slack" | "feishu" | "dingtalk";
  options: BotHarnessOptions;
  /** two chat users the stand-in knows */
  users: [string, string];
  send(h: BotHarness, text: string, user: string, tamper?: "forged" | "stale"): Promise<Delivery>;
  /** everything the bot posted, oldest first */
  posted(h: BotHarness): Posted[];
  /** what only `user` could see (Slack ephemerals, Feishu p2p messages, DingTalk robot 1:1 messages), as JSON text */
  privateTo(h: BotHarness, user: string): string[];
  /** the stand-in's journals that grow when the bot posts or edits (to wait on, not poll) */
  journals(h: BotHarness): Subscribable[];
  click(h: BotHarness, ref: string, action: string, user: string): Promise<void>;
};

/**
 * Waits (on the stand-in's journals, no polling) until what the bot posted satisfies `pred`;
 * fails after `timeoutMs`, showing the tail of what was posted.
 */
export function untilPosted(driver: ChatDriver, h: BotHarness, pred: (posted: Posted[]) => boolean, what: string, timeoutMs = 8000): Promise<Posted[]> {
  return new Promise<Posted[]>((resolve, reject) => {
    const unsubs: Array<() => void> = [];
    const done = (fn: () => void) => {
      clearTimeout(timer);
      for (const u of unsubs) u();
      fn();
    };
    const check = () => {
      const posted = driver.posted(h);
      if (pred(posted)) done(() => resolve(posted));
    };
    const timer = setTimeout(() => done(() => reject(new Error(`${driver.platform}: ${what} did not happen; posted: ${JSON.stringify(driver.posted(h)).slice(-1500)}`))), timeoutMs);
    for (const j of driver.journals(h)) unsubs.push(j.subscribe(check));
    check();
  });
}

const STALE_S = Math.floor(Date.now() / 1000) - 3600;

export const slackDriver: ChatDriver = {
  platform: "slack",
  options: { slack: true },
  users: ["U0000ALICE", "U0000BOB01"],
  async send(h, text, user, tamper) {
    const opts = tamper === "forged" ? { secret: "not-the-secret" } : tamper === "stale" ? { timestamp: STALE_S } : {};
    const first = await h.slack!.sendSlashCommand(`${h.url}/bot/slack/events`, { command: "/ops", text, user_id: user }, opts);
    return { status: first.status, redeliver: async () => (await h.slack!.redeliver(first)).status };
  },
  posted: (h) => h.slack!.messages.items.map((m) => ({ ref: `${m.channel}/${m.ts}`, content: JSON.stringify(m.blocks), versions: m.history.length + 1, group: !m.channel.startsWith("D") })),
  privateTo: (h, user) => h.slack!.ephemerals.items.filter((e) => e.user === user).map((e) => JSON.stringify(e.blocks)),
  journals: (h) => [h.slack!.messages, h.slack!.edits, h.slack!.ephemerals],
  async click(h, ref, action, user) {
    const [channel, ts] = ref.split("/") as [string, string];
    const r = await h.slack!.sendBlockAction(`${h.url}/bot/slack/events`, { channel_id: channel, message_ts: ts, action_id: action, user_id: user });
    if (r.status !== 200) throw new Error(`click answered ${r.status}`);
  },
};

/** Slack in Socket Mode: messages and clicks over the socket; the HTTP endpoint still refuses tampered requests. */
export const slackSocketDriver: ChatDriver = {
  ...slackDriver,
  options: { slack: { socket: true } },
  async send(h, text, user, tamper) {
    if (tamper) return slackDriver.send(h, text, user, tamper);
    const trigger_id = `${Date.now()}.${Math.random().toString(16).slice(2)}`;
    const push = () => h.slack!.pushSlashCommand({ command: "/ops", text, user_id: user, trigger_id }).then(() => 200);
    await push();
    return { status: 200, redeliver: push };
  },
  async click(h, ref, action, user) {
    const [channel, ts] = ref.split("/") as [string, string];
    await h.slack!.pushBlockAction({ channel_id: channel, message_ts: ts, action_id: action, user_id: user });
  },
};

export const feishuDriver: ChatDriver = {
  platform: "feishu",
  options: { feishu: { encryptKey: "e2e-encrypt-key" } },
  users: ["ou_fake_alice", "ou_fake_bob"],
  async send(h, text, user, tamper) {
    const opts = tamper === "forged" ? { encryptKey: "another-key" } : tamper === "stale" ? { timestamp: String(STALE_S) } : {};
    const first = await h.feishu!.sendMessageEvent(`${h.url}/bot/feishu/events`, { text, open_id: user, mentionBot: true }, opts);
    return { status: first.status, redeliver: async () => (await h.feishu!.redeliver(first)).status };
  },
  posted: (h) => h.feishu!.messages.items.map((m) => ({ ref: m.message_id, content: m.content, versions: m.history.length + 1, group: m.chat_type === "group" })),
  privateTo: (h, user) => h.feishu!.messagesIn(`oc_p2p_${user.replace(/^ou_/, "")}`).map((m) => m.content),
  journals: (h) => [h.feishu!.messages, h.feishu!.edits],
  async click(h, ref, action, user) {
    const text = feishuButtonText(h.feishu!.card(ref), action);
    if (!text) throw new Error(`no ${action} button on ${ref}`);
    const r = await h.feishu!.sendCardAction(`${h.url}/bot/feishu/cards`, { message_id: ref, open_id: user, button_text: text });
    if (r.status !== 200) throw new Error(`click answered ${r.status}`);
  },
};

/** The visible text of the button whose callback carries `action`, anywhere in a Feishu card. */
function feishuButtonText(node: unknown, action: string): string | undefined {
  if (!node || typeof node !== "object") return undefined;
  const el = node as { tag?: string; text?: { content?: string }; behaviors?: Array<{ value?: { action?: string } }> };
  if (el.tag === "button" && el.behaviors?.some((b) => b.value?.action === action)) return el.text?.content;
  for (const child of Object.values(node)) {
    const found = feishuButtonText(child, action);
    if (found) return found;
  }
  return undefined;
}

/** Feishu over the long connection (FEISHU_MODE=ws): events and card callbacks as socket frames. */
export const feishuWsDriver: ChatDriver = {
  ...feishuDriver,
  options: { feishu: { mode: "ws", encryptKey: "e2e-encrypt-key" } },
  async send(h, text, user, tamper) {
    if (tamper) return feishuDriver.send(h, text, user, tamper);
    const event_id = `ev_${Math.random().toString(16).slice(2)}`;
    const push = async () => (await h.feishu!.pushMessageEvent({ text, open_id: user, mentionBot: true, event_id }).ack, 200);
    await push();
    return { status: 200, redeliver: push };
  },
  async click(h, ref, action, user) {
    const text = feishuButtonText(h.feishu!.card(ref), action);
    if (!text) throw new Error(`no ${action} button on ${ref}`);
    await h.feishu!.pushCardAction({ message_id: ref, open_id: user, button_text: text }).ack;
  },
};

const dingtalkPosts = (h: BotHarness): Posted[] => {
  const out: Posted[] = [];
  // Every call in arrival order: buttonless answers go to the sessionWebhook (not updatable),
  // cards with buttons are interactive cards (updated in place).
  for (const c of h.dingtalk!.calls.items) {
    if (c.status !== 200) continue;
    // The driver speaks in a group (conversationType "2"): session replies land there.
    if (c.path === "/robot/sendBySession") out.push({ ref: `webhook:${out.length}`, content: JSON.stringify(c.body), versions: 1, group: true });
    if (c.path === "/v1.0/card/instances/createAndDeliver") {
      const card = h.dingtalk!.card(String(c.body.outTrackId))!;
      out.push({ ref: card.outTrackId, content: JSON.stringify(card.cardData), versions: card.history.length + 1, group: card.spaceType === "IM_GROUP" });
    }
  }
  return out;
};

export const dingtalkDriver: ChatDriver = {
  platform: "dingtalk",
  options: { dingtalk: true },
  users: ["alice01", "bob02"],
  async send(h, text, user, tamper) {
    if (tamper) {
      // Stream frames come over the authenticated socket; signatures exist only in HTTP mode.
      const r = await h.dingtalk!.sendRobotMessageHttp(`${h.url}/bot/dingtalk/events`, { text, userId: user },
        tamper === "forged" ? { secret: "not-the-secret" } : { timestamp: Date.now() - 2 * 3600_000 });
      return { status: r.status, redeliver: async () => r.status };
    }
    const pushed: PushResult = h.dingtalk!.pushRobotMessage({ text, userId: user, conversationType: "2" });
    const ack = await pushed.ack;
    return { status: ack.code, redeliver: async () => (await h.dingtalk!.redeliver(pushed).ack).code };
  },
  posted: dingtalkPosts,
  privateTo: (h, user) => h.dingtalk!.robotMessages.items.filter((m) => m.userId === user).map((m) => JSON.stringify(m.msgParam)),
  journals: (h) => [h.dingtalk!.calls],
  async click(h, ref, action, user) {
    const card = h.dingtalk!.card(ref)!;
    const buttons = JSON.parse(card.cardData.buttons ?? "[]") as Array<{ action: string; value: string }>;
    const button = buttons.find((b) => b.action === action);
    if (!button) throw new Error(`no ${action} button on ${ref}`);
    const ack = await h.dingtalk!.pushCardCallback({ outTrackId: ref, userId: user, actionId: action, params: { value: button.value } }).ack;
    if (ack.code !== 200) throw new Error(`click acked ${ack.code}`);
  },
};

export type { InboundResult };
