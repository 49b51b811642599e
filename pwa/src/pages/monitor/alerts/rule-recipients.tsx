import { createMemo, For, Show, type JSX } from "solid-js";
import type { NotifyWebhook } from "../../../data/notify-webhooks.ts";
import type { Role } from "../../../data/types.ts";
import { tr } from "../../../providers/i18n.ts";
import { UsersPicker } from "../../../ui/approval-form/index.ts";
import { Button } from "../../../ui/button.tsx";
import { MultiSelect } from "../../../ui/multi-select.tsx";
import { Select } from "../../../ui/select.tsx";
import { TextField } from "../../../ui/text-field.tsx";
import type { ChatTarget } from "./alerts-api.ts";
import type { RecipientsForm } from "./rule-form-model.ts";

const PLATFORMS: ChatTarget["platform"][] = ["feishu", "dingtalk", "slack"];

/**
 * Who hears of an alert: people (the directory picker the approvals and subscriptions use), every holder of some
 * roles, chat groups as rows of platform + chat id + a name, and WeCom group robots. `prefix` is the API's path
 * (`recipients`, `escalation.recipients`) so its 400 errors land on the right input. `robots`: the wecom webhooks
 * the user may list (notify:manage), or null when they may not (then the rule's robots show by id, no picker).
 */
export function RecipientsFields(props: {
  prefix: string; value: RecipientsForm; onChange: (v: RecipientsForm) => void; roles: Role[]; robots: NotifyWebhook[] | null; error: (field: string) => string | undefined; disabled?: boolean;
}): JSX.Element {
  const set = (patch: Partial<RecipientsForm>) => props.onChange({ ...props.value, ...patch });
  const setChat = (i: number, patch: Partial<ChatTarget>) => set({ chats: props.value.chats.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  const p = props.prefix;
  const roleOptions = createMemo(() => props.roles.map((r) => ({ value: r.id, label: r.name })));
  const platformOptions = createMemo(() => PLATFORMS.map((x) => ({ value: x, label: tr(`rules.platform.${x}`) })));
  return (
    <div class="al-recipients" data-testid={`recipients-${p}`}>
      <UsersPicker label={tr("rules.users")} name={`${p}.users`} value={props.value.users} onChange={(users) => set({ users })} error={props.error(`${p}.users`) ?? props.error(p)} disabled={props.disabled} />
      <MultiSelect label={tr("rules.roles")} name={`${p}.roles`} value={props.value.roles} options={roleOptions()} onChange={(roles) => set({ roles })} error={props.error(`${p}.roles`)} />
      <div class="field">
        <span class="field__label">{tr("rules.chats")}</span>
        <For each={props.value.chats}>
          {(c, i) => (
            <div class="al-chat-row" data-testid="rule-chat-row">
              <Select label={tr("rules.chat_platform")} name={`${p}.chats.${i()}.platform`} value={c.platform} options={platformOptions()}
                onChange={(v) => setChat(i(), { platform: v as ChatTarget["platform"] })} disabled={props.disabled} />
              <TextField label={tr("rules.chat_id")} name={`${p}.chats.${i()}.chat_id`} value={c.chat_id} onChange={(v) => setChat(i(), { chat_id: v })} error={props.error(`${p}.chats.${i()}.chat_id`) ?? props.error(`${p}.chats.${i()}`)} disabled={props.disabled} />
              <TextField label={tr("rules.chat_name")} name={`${p}.chats.${i()}.name`} value={c.name ?? ""} onChange={(v) => setChat(i(), { name: v })} disabled={props.disabled} />
              <Button size="sm" variant="ghost" aria-label={tr("rules.chat_remove")} disabled={props.disabled} onClick={() => set({ chats: props.value.chats.filter((_, j) => j !== i()) })}>×</Button>
            </div>
          )}
        </For>
        <div>
          <Button size="sm" disabled={props.disabled} data-testid="rule-chat-add" onClick={() => set({ chats: [...props.value.chats, { platform: "feishu", chat_id: "", name: "" }] })}>{tr("rules.chat_add")}</Button>
        </div>
        <span class="field__hint">{tr("rules.chats_hint")}</span>
      </div>
      <RobotsField prefix={p} value={props.value.robots} onChange={(robots) => set({ robots })} robots={props.robots} error={props.error} disabled={props.disabled} />
    </div>
  );
}

/**
 * 企业微信群机器人: a multi-select of the wecom webhooks (a robot the rule names but the list lacks shows by id, so
 * saving keeps it); read-only ids when the user cannot list robots or edit the rule. The API names a bad id as
 * `recipients.robots[0]`.
 */
function RobotsField(props: { prefix: string; value: string[]; onChange: (v: string[]) => void; robots: NotifyWebhook[] | null; error: (field: string) => string | undefined; disabled?: boolean }): JSX.Element {
  const name = () => `${props.prefix}.robots`;
  const options = createMemo(() => {
    const known = (props.robots ?? []).filter((r) => r.kind === "wecom").map((r) => ({ value: r.id, label: r.enabled ? r.name : `${r.name}（${tr("rules.robot_disabled")}）` }));
    const missing = props.value.filter((id) => !known.some((o) => o.value === id)).map((id) => ({ value: id, label: id }));
    return [...known, ...missing];
  });
  const error = () => props.error(name()) ?? props.value.map((_, i) => props.error(`${name()}[${i}]`)).find(Boolean);
  return (
    <Show when={props.robots && !props.disabled} fallback={
      <Show when={props.value.length > 0}>
        <div class="field" data-testid={`robots-${props.prefix}`}>
          <span class="field__label">{tr("rules.robots")}</span>
          <code>{props.value.join("、")}</code>
          <span class="field__hint">{props.robots ? "" : tr("rules.robots_by_id")}</span>
          <Show when={error()}><span class="field__error">{error()}</span></Show>
        </div>
      </Show>
    }>
      <div data-testid={`robots-${props.prefix}`}>
        <MultiSelect label={tr("rules.robots")} name={name()} value={props.value} options={options()} onChange={props.onChange} error={error()} placeholder={tr("rules.robots_placeholder")} />
        <span class="field__hint">{tr("rules.robots_hint")}</span>
      </div>
    </Show>
  );
}
