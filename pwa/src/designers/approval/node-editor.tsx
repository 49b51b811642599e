import { APPROVAL_MODES, ON_EMPTY, TIMEOUT_ACTIONS, type ApprovalNode, type NodeTimeout } from "@ops/shared/contracts/approvals.ts";
import { For, Show, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { Select } from "../../ui/select.tsx";
import { Switch as Toggle } from "../../ui/switch.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { nodeFieldIssue } from "./approval-issues.ts";
import type { ApprovalDesignState } from "./design-state.ts";
import { RuleEditor, type Lookups } from "./rule-editor.tsx";
import { SubprocessEditor } from "./subprocess-editor.tsx";

/** a number when the text is one, else the text itself so the API names the field; empty: not set */
const numberOr = (v: string): number | undefined => (v.trim() === "" ? undefined : Number.isFinite(Number(v)) ? Number(v) : (v as unknown as number));

/**
 * One node's settings in the sheet: name and key for every node; an approver's rule, mode (ratio),
 * policy when nobody resolves and timeout; a CC node's rule; a sub-process's definition, title and form; a split's branches. Problems of the
 * node (`nodes[i]…`) sit at their field, the node's own at the top.
 */
export function NodeEditor(props: { state: ApprovalDesignState; uid: string; lookups: Lookups; readOnly: boolean }): JSX.Element {
  const s = props.state;
  const node = () => s.node(props.uid)!.node;
  const index = () => s.indexOf(props.uid);
  const error = (field: string) => nodeFieldIssue(s.issues(), index(), field);
  const own = () => (s.placed().at.get(props.uid) ?? []).filter((x) => x.field === `nodes.${index()}` || /^edges\./.test(x.field));
  const patch = (fields: Partial<ApprovalNode>) => s.patch(props.uid, fields);
  const removable = () => !["start", "end", "join"].includes(node().type);
  return (
    <fieldset class="apd-editor" disabled={props.readOnly} data-testid="apd-node-editor" data-key={node().key}>
      <For each={own()}>{(x) => <p class="apd-editor__issue" role="alert" data-testid="apd-editor-issue">{x.message}</p>}</For>
      <TextField label={tr("apd.node.name")} name="node_name" value={node().name ?? ""} onChange={(name) => patch({ name: name || undefined })} error={error("name")} />
      <TextField label={tr("apd.node.key")} name="node_key" required value={node().key} onChange={(key) => patch({ key })} description={tr("apd.node.key_hint")} error={error("key")} />
      <Show when={node().type === "approver"}>
        <RuleEditor label={tr("apd.node.approvers")} name="approvers" rule={node().approvers} onChange={(approvers) => patch({ approvers })} lookups={props.lookups} error={(sub) => error(`approvers.${sub}`) ?? (sub === "type" ? error("approvers") : undefined)} />
        <Select label={tr("apd.node.mode")} name="mode" value={node().mode ?? "or"} options={APPROVAL_MODES.map((m) => ({ value: m, label: tr(`apd.mode.${m}`) }))} onChange={(m) => patch({ mode: m as ApprovalNode["mode"], ratio: m === "ratio" ? node().ratio ?? 50 : undefined })} error={error("mode")} />
        <Show when={node().mode === "ratio"}>
          <TextField label={tr("apd.node.ratio")} name="ratio" type="number" inputMode="numeric" value={node().ratio === undefined ? "" : String(node().ratio)} onChange={(v) => patch({ ratio: numberOr(v) })} description={tr("apd.node.ratio_hint")} error={error("ratio")} />
        </Show>
        <Select label={tr("apd.node.on_empty")} name="on_empty" value={node().on_empty ?? "auto_pass"} options={ON_EMPTY.map((o) => ({ value: o, label: tr(`apd.on_empty.${o}`) }))} onChange={(o) => patch({ on_empty: o as ApprovalNode["on_empty"] })} error={error("on_empty")} />
        <TimeoutFields timeout={node().timeout} onChange={(timeout) => patch({ timeout })} lookups={props.lookups} error={error} />
      </Show>
      <Show when={node().type === "cc"}>
        <RuleEditor label={tr("apd.node.cc")} name="cc" rule={node().cc} onChange={(cc) => patch({ cc })} lookups={props.lookups} error={(sub) => error(`cc.${sub}`) ?? (sub === "type" ? error("cc") : undefined)} />
      </Show>
      <Show when={node().type === "subprocess"}>
        <SubprocessEditor spec={node().subprocess} onChange={(subprocess) => patch({ subprocess })} lookups={props.lookups} error={(sub) => error(`subprocess.${sub}`) ?? (sub === "definition" ? error("subprocess") : undefined)} />
      </Show>
      <Show when={node().type === "start"}>
        <p class="muted">{tr("apd.node.start_hint")}</p>
      </Show>
      <Show when={node().type === "condition" || node().type === "parallel"}>
        <p class="muted">{tr(node().type === "condition" ? "apd.node.condition_hint" : "apd.node.parallel_hint")}</p>
        <Button size="sm" onClick={() => s.addBranch(props.uid)} data-testid="apd-editor-add-branch">{tr(node().type === "condition" ? "apd.add_condition" : "apd.add_parallel_branch")}</Button>
      </Show>
      <Show when={removable() && !props.readOnly}>
        <Button size="sm" variant="danger" onClick={() => s.remove(props.uid)} data-testid="apd-node-delete">{tr("apd.node.delete")}</Button>
      </Show>
    </fieldset>
  );
}

/** Off, or after N minutes: remind, approve, reject or hand to someone else (a rule). */
function TimeoutFields(props: { timeout: NodeTimeout | undefined; onChange: (t: NodeTimeout | undefined) => void; lookups: Lookups; error: (f: string) => string | undefined }): JSX.Element {
  const t = () => props.timeout;
  const set = (fields: Partial<NodeTimeout>) => {
    const next = { ...t()!, ...fields };
    if (next.action !== "escalate") delete next.escalate_to;
    props.onChange(next);
  };
  return (
    <div class="apd-timeout" data-testid="apd-timeout">
      <Toggle label={tr("apd.timeout.enabled")} checked={!!t()} onChange={(on) => props.onChange(on ? { after_minutes: 1440, action: "remind" } : undefined)} />
      <Show when={t()}>
        {(cur) => (
          <>
            <TextField label={tr("apd.timeout.after_minutes")} name="timeout_after" type="number" inputMode="numeric" value={String(cur().after_minutes)} onChange={(v) => set({ after_minutes: numberOr(v) ?? 0 })} error={props.error("timeout.after_minutes")} />
            <Select label={tr("apd.timeout.action")} name="timeout_action" value={cur().action} options={TIMEOUT_ACTIONS.map((a) => ({ value: a, label: tr(`apd.timeout_action.${a}`) }))} onChange={(a) => set({ action: a as NodeTimeout["action"], ...(a === "escalate" ? { escalate_to: cur().escalate_to ?? { type: "users", users: [] } } : {}) })} error={props.error("timeout.action") ?? props.error("timeout")} />
            <Show when={cur().action === "escalate"}>
              <RuleEditor label={tr("apd.timeout.escalate_to")} name="escalate" rule={cur().escalate_to} onChange={(escalate_to) => set({ escalate_to })} lookups={props.lookups} error={(sub) => props.error(`timeout.escalate_to.${sub}`)} />
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}
