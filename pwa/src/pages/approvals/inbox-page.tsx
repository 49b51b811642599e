import { A, useSearchParams } from "@solidjs/router";
import { createMemo, createResource, createSignal, For, Show, type JSX } from "solid-js";
import { approvalsApi, TASK_BOXES, type ApprovalTask, type TaskBox } from "../../data/approvals.ts";
import { can } from "../../providers/auth.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { Select } from "../../ui/select.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { PullRefresh } from "../home/pull-refresh.tsx";
import { createNow, relativeTime } from "../notifications/relative-time.ts";
import { onApprovalNotice } from "./live.ts";
import { statusBadge, statusName, taskBadge, taskStatusName } from "./status.ts";
import "./approvals.css";

/** One load holds a box's newest items; search and the definition filter are store queries over the whole box. */
const LOADED = 200;
type Params = { box?: string; q?: string; def?: string };

/** "Mine" lists tasks of my approvals: one row per approval (its newest task says where it is). */
const perInstance = (items: ApprovalTask[]) => items.filter((t, i) => items.findIndex((x) => x.instance_id === t.instance_id) === i);

function Item(props: { t: ApprovalTask; box: TaskBox; defName: (key: string) => string; now: number }): JSX.Element {
  const t = () => props.t;
  // a copy opens with its task id, so the detail marks it read
  const href = () => `/approvals/${t().instance_id}${props.box === "cc" && t().status === "unread" ? `?cc=${t().id}` : ""}`;
  return (
    <li>
      <A class="ap-item" classList={{ "ap-item--unread": t().status === "unread" }} href={href()} data-testid="approval-item" data-instance={t().instance_id} data-task={t().id} data-status={t().status}>
        <div class="ap-item__top">
          <span class="ap-item__title">{t().instance_title}</span>
          <Show when={props.box === "mine"} fallback={<span class={taskBadge(t().status)}>{taskStatusName(t().status)}</span>}>
            <span class={statusBadge(t().instance_status)} data-testid="approval-item-status">{statusName(t().instance_status)}</span>
          </Show>
        </div>
        <div class="ap-item__meta">
          <span class="badge badge--muted badge--kind">{props.defName(t().definition_key)}</span>
          <span>{tr("approvals.initiator_short", { name: t().initiator_name ?? "—" })}</span>
          <span>{tr("approvals.at_node", { node: t().node_name })}<Show when={props.box === "mine" && t().status === "pending"}> · {t().assignee_name}</Show></span>
          <time datetime={t().created_at} title={formatTime(t().created_at)}>{relativeTime(t().created_at, props.now)}</time>
        </div>
      </A>
    </li>
  );
}

/**
 * 审批 inbox: 待办 / 已办 / 我发起的 / 抄送我的 with their counts, search and a definition filter (in
 * the URL), pull down (or the button) to refresh; an approval notice on the live stream reloads it.
 */
export default function ApprovalsInboxPage(): JSX.Element {
  const [params, setParams] = useSearchParams<Params>();
  const box = (): TaskBox => ((TASK_BOXES as readonly string[]).includes(params.box ?? "") ? params.box : "todo") as TaskBox;
  const [q, setQ] = createSignal(params.q ?? "");
  const [list, { refetch }] = createResource(
    () => ({ b: box(), q: params.q?.trim() ?? "", def: params.def ?? "" }),
    (k) => approvalsApi.tasks(k.b, { page_size: LOADED, ...(k.q ? { q: k.q } : {}), ...(k.def ? { definition: k.def } : {}) }),
  );
  const [defs] = createResource(async () => (await approvalsApi.definitions({ page_size: 200 }).catch(() => ({ items: [] }))).items);
  const defName = (key: string) => defs()?.find((d) => d.key === key)?.name ?? key;
  const now = createNow();
  onApprovalNotice(() => void refetch());

  const shown = createMemo(() => {
    const items = list.latest?.items ?? [];
    return box() === "mine" ? perInstance(items) : items;
  });
  const set = (next: Partial<Params>) => setParams({ ...next });

  return (
    <section class="page" data-testid="approvals-page">
      <PullRefresh onRefresh={() => void refetch()} />
      <PageHeader
        title={tr("approvals.title")} subtitle={tr("approvals.subtitle")}
        actions={
          <>
            <Button size="md" onClick={() => void refetch()} loading={list.loading} data-testid="approvals-refresh">{tr("approvals.refresh")}</Button>
            <A class="btn btn--secondary btn--md" href="/approval-delegations" data-testid="approvals-delegations-link">{tr("delegation.link")}</A>
            <Show when={can("approvals:submit")}><A class="btn btn--primary btn--md" href="/approvals/new" data-testid="approval-new">{tr("approvals.new")}</A></Show>
          </>
        }
      />
      <div class="ap-tabs" role="tablist" data-testid="approvals-tabs">
        <For each={TASK_BOXES}>
          {(b) => (
            <button type="button" role="tab" class="ap-tab" aria-selected={box() === b} data-box={b} onClick={() => set({ box: b })}>
              {tr(`approvals.box.${b}`)}
              <span class="ap-tab__count" classList={{ "ap-tab__count--zero": !list.latest?.counts[b] }} data-testid="approvals-count">{list.latest?.counts[b] ?? 0}</span>
            </button>
          )}
        </For>
      </div>
      <form class="ap-filters" data-testid="approvals-filters" onSubmit={(e) => {
        e.preventDefault();
        set({ q: q().trim() || undefined });
      }}>
        <TextField name="q" type="search" label={tr("approvals.search")} placeholder={tr("approvals.search_placeholder")} value={q()} onChange={(v) => {
          setQ(v);
          if (!v.trim()) set({ q: undefined });
        }} />
        <Select name="def" label={tr("approvals.definition")} value={params.def ?? ""} emptyLabel={tr("approvals.all_definitions")} onChange={(v) => set({ def: v || undefined })}
          options={(defs() ?? []).map((d) => ({ value: d.key, label: d.name }))} />
        <button class="btn btn--secondary btn--md" type="submit" data-testid="approvals-search">{tr("approvals.search")}</button>
      </form>
      <ResourceView resource={list} retry={refetch}>
        {(page) => (
          <>
            <ul class="ap-list" data-testid="approvals-list" data-box={box()}>
              <For each={shown()} fallback={<li class="state muted" data-testid="approvals-empty">{tr(`approvals.empty.${box()}`)}</li>}>
                {(t) => <Item t={t} box={box()} defName={defName} now={now()} />}
              </For>
            </ul>
            <Show when={page().total > page().items.length}>
              <p class="muted">{tr("approvals.more_than_loaded", { count: page().items.length, total: page().total })}</p>
            </Show>
          </>
        )}
      </ResourceView>
    </section>
  );
}
