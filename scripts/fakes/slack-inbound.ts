/**
 * What Slack sends to an app (slash commands, interactivity payloads, Events API envelopes),
 * built field for field as the platform does, and what Slack does with a response_url post.
 */
import { isRecord } from "./chat-server.ts";
import type { SlackResponsePost, SlackWorkspace } from "./slack-workspace.ts";
import { SLACK_RESPONSE_URL_TTL_MS, SLACK_RESPONSE_URL_USES } from "./slack-workspace.ts";

export interface SlashCommandInput {
  command: string;
  text?: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  /** Defaults to a fresh response_url on this fake. */
  response_url?: string;
  trigger_id?: string;
}

export interface BlockActionInput {
  /** The bot message carrying the button (looked up in the fake's store). */
  channel_id?: string;
  message_ts: string;
  action_id: string;
  user_id?: string;
  /** Only for a message the fake does not hold; otherwise taken from the button. */
  value?: string;
  block_id?: string;
  state_values?: Record<string, unknown>;
  response_url?: string;
  trigger_id?: string;
}

export interface ViewSubmissionInput {
  view_id: string;
  user_id?: string;
  /** `view.state.values[block_id][action_id] = {type, value | selected_option}`. */
  values: Record<string, Record<string, unknown>>;
}

function userOf(ws: SlackWorkspace, id: string | undefined): { id: string; name: string } {
  const uid = id ?? [...ws.users.keys()][0] ?? "U0000ALICE";
  return { id: uid, name: ws.users.get(uid)?.name ?? uid.toLowerCase() };
}

/** Slash command body: form fields in the order Slack sends them. */
export function slashCommandBody(ws: SlackWorkspace, baseUrl: string, verificationToken: string, input: SlashCommandInput): string {
  const user = userOf(ws, input.user_id);
  const channel = input.channel_id ?? [...ws.channels][0] ?? "C0000OPS1";
  return new URLSearchParams({
    token: verificationToken,
    team_id: ws.teamId,
    team_domain: ws.teamDomain,
    channel_id: channel,
    channel_name: input.channel_name ?? "ops",
    user_id: user.id,
    user_name: input.user_name ?? user.name,
    command: input.command,
    text: input.text ?? "",
    api_app_id: ws.appId,
    is_enterprise_install: "false",
    response_url: input.response_url ?? ws.newResponseTarget(baseUrl, channel, user.id),
    trigger_id: input.trigger_id ?? ws.newTriggerId(),
  }).toString();
}

/** Finds the interactive element with this action_id anywhere in a message's blocks. */
export function findElement(node: unknown, actionId: string, blockId?: string): { element: Record<string, unknown>; block_id: string } | undefined {
  if (Array.isArray(node)) {
    for (const child of node) {
      const hit = findElement(child, actionId, blockId);
      if (hit) return hit;
    }
    return undefined;
  }
  if (!isRecord(node)) return undefined;
  const ownBlock = typeof node.block_id === "string" ? node.block_id : blockId;
  if (node.action_id === actionId) return { element: node, block_id: ownBlock ?? "" };
  for (const value of Object.values(node)) {
    const hit = findElement(value, actionId, ownBlock);
    if (hit) return hit;
  }
  return undefined;
}

export function blockActionPayload(ws: SlackWorkspace, baseUrl: string, verificationToken: string, input: BlockActionInput): Record<string, unknown> {
  const channel = input.channel_id ?? [...ws.channels][0] ?? "C0000OPS1";
  const user = userOf(ws, input.user_id);
  const msg = ws.findMessage(channel, input.message_ts);
  const hit = msg ? findElement(msg.blocks, input.action_id) : undefined;
  if (msg && !hit) throw new Error(`slack fake: no element with action_id "${input.action_id}" in message ${channel}/${input.message_ts}`);
  const el = hit?.element ?? {};
  const value = hit ? el.value : input.value;
  const action = {
    action_id: input.action_id,
    block_id: hit?.block_id ?? input.block_id ?? "b1",
    type: typeof el.type === "string" ? el.type : "button",
    ...(isRecord(el.text) ? { text: el.text } : {}),
    ...(value !== undefined ? { value } : {}),
    ...(typeof el.style === "string" ? { style: el.style } : {}),
    action_ts: ws.newTs(),
  };
  return {
    type: "block_actions",
    user: { id: user.id, username: user.name, name: user.name, team_id: ws.teamId },
    api_app_id: ws.appId,
    token: verificationToken,
    container: { type: "message", message_ts: input.message_ts, channel_id: channel, is_ephemeral: false },
    trigger_id: input.trigger_id ?? ws.newTriggerId(),
    team: { id: ws.teamId, domain: ws.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: "ops" },
    ...(msg ? { message: ws.wire(msg) } : {}),
    state: { values: input.state_values ?? {} },
    response_url: input.response_url ?? ws.newResponseTarget(baseUrl, channel, user.id, input.message_ts),
    actions: [action],
  };
}

export function viewSubmissionPayload(ws: SlackWorkspace, verificationToken: string, input: ViewSubmissionInput): Record<string, unknown> {
  const opened = ws.views.items.find((v) => v.view.id === input.view_id);
  if (!opened) throw new Error(`slack fake: no open view ${input.view_id}`);
  const user = userOf(ws, input.user_id);
  return {
    type: "view_submission",
    team: { id: ws.teamId, domain: ws.teamDomain },
    user: { id: user.id, username: user.name, name: user.name, team_id: ws.teamId },
    api_app_id: ws.appId,
    token: verificationToken,
    trigger_id: ws.newTriggerId(),
    view: { ...opened.view, state: { values: input.values } },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/**
 * Events API envelope around an inner event (`type: "event_callback"`). `eventId: null` leaves
 * `event_id` out, as some deliveries (older apps, shared channels, replays by proxies) arrive.
 */
export function eventEnvelope(ws: SlackWorkspace, verificationToken: string, event: Record<string, unknown>, eventId?: string | null): Record<string, unknown> {
  const eventTs = typeof event.event_ts === "string" ? event.event_ts : ws.newTs();
  return {
    token: verificationToken,
    team_id: ws.teamId,
    api_app_id: ws.appId,
    event: { ...event, event_ts: eventTs },
    type: "event_callback",
    ...(eventId === null ? {} : { event_id: eventId ?? `Ev${ws.seq.pad(8)}` }),
    event_time: Math.floor(ws.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: ws.teamId, user_id: ws.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-fake-${ws.seq.pad(6)}`,
  };
}

/** What Slack does with a JSON post to a response_url (or with a slash command's JSON ack). */
export function applyResponse(ws: SlackWorkspace, id: string, body: Record<string, unknown>, via: "response_url" | "ack"): SlackResponsePost {
  const target = ws.responseTargets.get(id);
  const fail = (status: number, error: string) => ws.responses.add({ id, body, status, error, via });
  if (!target) return fail(404, "invalid_url");
  if (via === "response_url") {
    if (ws.now() - target.issuedAt > SLACK_RESPONSE_URL_TTL_MS) return fail(404, "expired_url");
    if (target.uses >= SLACK_RESPONSE_URL_USES) return fail(404, "used_url");
    target.uses += 1;
  }
  const content = ws.checkContent(body.text, body.blocks, !body.delete_original);
  if (!content.valid) return fail(400, String(content.reply.error));
  const original = target.messageTs ? ws.findMessage(target.channel, target.messageTs) : undefined;
  if (body.delete_original === true || body.delete_original === "true") {
    if (original) original.deleted = true;
  } else if ((body.replace_original === true || body.replace_original === "true") && original) {
    ws.edit(original, content.text, content.blocks ?? [], via);
  } else if (body.response_type === "in_channel") {
    const thread = typeof body.thread_ts === "string" ? body.thread_ts : undefined;
    ws.addMessage(target.channel, content.text, content.blocks ?? [], via, thread);
  } else {
    ws.ephemerals.add({ channel: target.channel, user: target.user, text: content.text, blocks: content.blocks ?? [], via });
  }
  return ws.responses.add({ id, body, status: 200, via });
}
