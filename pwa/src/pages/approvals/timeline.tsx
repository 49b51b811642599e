import { createResource, For, Show, type JSX } from "solid-js";
import type { ApprovalAttachment, ApprovalEvent, ApprovalInstance, DefinitionVersion } from "../../data/approvals.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { userName } from "../../ui/approval-form/lookups.ts";
import { modeName } from "./status.ts";

/** Names the instance itself carries: whoever acted on it and whoever holds an open task. */
function knownNames(inst: ApprovalInstance): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of inst.timeline) if (e.actor_id && e.actor_name) out.set(e.actor_id, e.actor_name);
  for (const n of inst.current) for (const t of n.tasks) if (t.assignee_name) out.set(t.assignee_id, t.assignee_name);
  return out;
}

/**
 * A person named in an event's data (transfer target, added approver, CC readers): a name the
 * instance carries, else the directory's (within the reader's data scope), else "a colleague".
 */
function Person(props: { id: string; names: Map<string, string> }): JSX.Element {
  const [name] = createResource(() => (props.names.has(props.id) ? null : props.id), async (id) => {
    const n = await userName(id);
    return n === id ? tr("approvals.someone") : n;
  });
  return <span data-user-id={props.id}>{props.names.get(props.id) ?? name() ?? ""}</span>;
}

const people = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : []);

/** What happened, in words: the action with the node and the people it names. */
function What(props: { e: ApprovalEvent; nodeName: (key: string | null) => string; names: Map<string, string> }): JSX.Element {
  const e = () => props.e;
  const d = () => e().data as Record<string, unknown>;
  const node = () => props.nodeName(e().node_key);
  const list = (ids: string[]) => <For each={ids}>{(id, i) => <>{i() ? "、" : ""}<Person id={id} names={props.names} /></>}</For>;
  switch (e().action) {
    case "assigned":
      return <>{tr("approvals.event.assigned", { node: node(), mode: modeName(d().mode as string) })}</>;
    case "transfer":
      return <>{tr("approvals.event.transfer")} → {list(people(d().to_user))}</>;
    case "add_approver":
      return <>{tr(d().position === "before" ? "approvals.event.add_before" : "approvals.event.add_after")}：{list(people(d().user))}</>;
    case "cc":
      return <>{tr("approvals.event.cc")}：{list(people(d().users))}</>;
    case "reject":
      return <>{tr(d().to && d().to !== "end" ? "approvals.event.send_back" : "approvals.event.reject")}<Show when={node()}>（{node()}）</Show></>;
    case "sent_back":
      return <>{tr("approvals.event.sent_back", { node: node() })}</>;
    case "branch":
      return <>{tr("approvals.event.branch", { node: props.nodeName((d().to as string) ?? null) })}</>;
    case "nobody":
      return <>{tr("approvals.event.nobody", { node: node() })}</>;
    case "auto_approved":
      return <>{tr("approvals.event.auto_approved", { node: node() })}</>;
    case "delegated":
      // names as they were when the task was delegated (kept on the event)
      return <>{tr("approvals.event.delegated", { to: String(d().to_name ?? ""), from: String(d().from_name ?? "") })}<Show when={node()}>（{node()}）</Show></>;
    case "timeout":
      return d().action === "escalate" && d().to
        ? <>{tr("approvals.event.timeout_escalate")} → {list(people(d().to))}</>
        : <>{tr(d().action === "escalate" ? "approvals.event.timeout_escalate_nobody" : "approvals.event.timeout_remind")}：{list(people(d().user))}</>;
    case "hook.started":
      // an internal hook's run (a job or a flow), started by the system once the request ended
      return <>{tr("approvals.event.hook_started", { ref: String(d().ref ?? "") })} <a href={`${d().type === "flow" ? "/flows/runs" : "/jobs/runs"}/${String(d().run_id)}`} data-testid="hook-run">{tr("approvals.event.hook_run")}</a></>;
    case "subprocess.started":
    case "subprocess.approved":
    case "subprocess.rejected":
      // a child approval of a sub-process node: its own page is one tap away
      return (
        <>
          {tr(`approvals.event.${e().action.replace(".", "_")}`, { node: node() })}{" "}
          <a href={`/approvals/${String(d().child_id)}`} data-testid="subprocess-child">{tr("approvals.event.subprocess_open")}</a>
        </>
      );
    case "subprocess.failed":
      return <>{tr("approvals.event.subprocess_failed", { node: node(), fields: ((d().errors as Array<{ field: string }> | undefined) ?? []).map((x) => x.field).join(", ") })}</>;
    case "hook.failed":
      return <>{tr("approvals.event.hook_failed", { ref: String(d().ref ?? ""), error: String(d().error ?? "") })}</>;
    case "approve":
    case "urge":
      return <>{tr(`approvals.event.${e().action}`)}<Show when={node()}>（{node()}）</Show></>;
    default: {
      // an action newer than this page: its own name rather than a missing key
      const key = `approvals.event.${e().action}`;
      return <>{tr(key) === key ? e().action : tr(key)}</>;
    }
  }
}

/** Every file attached on the timeline (the form's attachment fields link to these by name). */
export const timelineFiles = (inst: ApprovalInstance): ApprovalAttachment[] =>
  inst.timeline.flatMap((e) => (Array.isArray((e.data as { attachments?: unknown }).attachments) ? ((e.data as { attachments: ApprovalAttachment[] }).attachments) : []));

/** Who did what when, with comments and files, oldest first. */
export function Timeline(props: { inst: ApprovalInstance; version?: DefinitionVersion; openFile: (f: ApprovalAttachment) => void }): JSX.Element {
  const names = () => knownNames(props.inst);
  const nodeName = (key: string | null) => (key ? props.version?.nodes.find((n) => n.key === key)?.name ?? key : "");
  return (
    <ol class="ap-timeline" data-testid="approval-timeline">
      <For each={props.inst.timeline}>
        {(e) => {
          const files = () => ((e.data as { attachments?: ApprovalAttachment[] }).attachments ?? []);
          return (
            <li data-testid="approval-event" data-action={e.action} data-node={e.node_key ?? ""} classList={{ [`ap-timeline__item--${e.action}`]: true }}>
              <div class="ap-timeline__when">{formatTime(e.created_at)}<Show when={e.actor_name}> · <strong>{e.actor_name}</strong></Show></div>
              <div><What e={e} nodeName={nodeName} names={names()} /></div>
              {/* a send-back repeats the reject's reason, shown once on the reject */}
              <Show when={e.comment && e.action !== "sent_back"}><p class="ap-timeline__comment" data-testid="approval-event-comment">{e.comment}</p></Show>
              <Show when={files().length}>
                <div class="ap-files">
                  <For each={files()}>
                    {(f) => (
                      <button type="button" class="btn btn--ghost btn--sm" data-testid="approval-attachment" data-name={f.name} onClick={() => props.openFile(f)}>
                        📎 {f.name} <span class="muted">({Math.ceil(f.size / 1024)} KB)</span>
                      </button>
                    )}
                  </For>
                </div>
              </Show>
            </li>
          );
        }}
      </For>
    </ol>
  );
}
