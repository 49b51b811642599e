import { Dialog as KDialog } from "@kobalte/core/dialog";
import { createEffect, createResource, createSignal, For, Match, onMount, Show, Switch, type JSX } from "solid-js";
import type { ApprovalNode } from "@ops/shared/contracts/approvals.ts";
import { approvalDefinitionsApi } from "../../data/approval-definitions.ts";
import { userName } from "../../ui/approval-form/lookups.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { Icon } from "../../ui/icons.tsx";
import type { Option } from "../../ui/select.tsx";
import { rolesOrEmpty } from "../../pages/iam/dept-options.ts";
import { Column, NodeCard, type TreeProps } from "./approval-tree.tsx";
import { BranchEditor } from "./branch-editor.tsx";
import type { ApprovalDesignState } from "./design-state.ts";
import { NodeEditor } from "./node-editor.tsx";
import type { Lookups } from "./rule-editor.tsx";
import { ROOT } from "./tree-edit.ts";
import "./approval.css";

/** A flow wider than the screen opens on its main column (the centre), not on its left edge. */
function centre(el: HTMLElement): void {
  el.scrollLeft = Math.max(0, (el.scrollWidth - el.clientWidth) / 2);
}

/** Roles a rule may name; a reader without the directory gets an empty list, not a broken designer. */
const rolesAsOptions = async (): Promise<Option[]> => (await rolesOrEmpty()).map((r) => ({ value: r.code, label: r.name }));

/** Published definitions a sub-process may start (none when they cannot be read). */
const publishedDefinitions = async (): Promise<Option[]> =>
  (await approvalDefinitionsApi.list({ status: "published", page_size: 200, sort: "name" }).catch(() => ({ items: [] }))).items.map((d) => ({ value: d.key, label: d.name }));

/**
 * The approval designer: the check's state and problems above, the vertical flow of cards, and
 * the selected node or branch in a sheet (from the right on a desktop, from the bottom on a
 * phone). The page around it owns the key, the name, the form tab and the save.
 */
export function ApprovalDesigner(props: { state: ApprovalDesignState; readOnly?: boolean }): JSX.Element {
  const s = props.state;
  const names = createUserNames(() => userIds(s.graph().nodes));
  const [roles] = createResource(rolesAsOptions, { initialValue: [] });
  const [definitions] = createResource(publishedDefinitions, { initialValue: [] });
  const [openSlot, setOpenSlot] = createSignal<string | null>(null);
  let canvas = undefined as HTMLDivElement | undefined;
  onMount(() => requestAnimationFrame(() => canvas && centre(canvas)));
  const lookups: Lookups = { userName: names, get roles() { return roles(); }, get form() { return s.state.form; }, get definitions() { return definitions(); } };
  const tree: TreeProps = { state: s, lookups, get readOnly() { return !!props.readOnly; }, get openSlot() { return openSlot(); }, setOpenSlot };
  const count = () => s.issues().length;
  /** where an issue is, for the list: the node's name, or the branch's node */
  const where = (field: string): { label: string; uid: string } | null => {
    const m = /^(nodes|edges)\.(\d+)/.exec(field);
    const g = s.graph();
    const uid = m?.[1] === "nodes" ? g.nodeUids[Number(m[2])] : m ? g.edgeOwners[Number(m[2])] : undefined;
    if (!uid) return null;
    const n = s.node(uid);
    return { uid, label: n ? n.node.name || n.node.key : tr("apd.branch.some") };
  };
  const open = (uid: string) => {
    const n = s.node(uid);
    if (n) return s.select({ kind: "node", uid });
    const hit = findBranchOwner(s, uid);
    if (hit) s.select({ kind: "branch", block: hit, branch: uid });
  };
  return (
    <div class="apd" data-testid="approval-designer">
      <div class="apd-toolbar" role="toolbar" aria-label={tr("apd.toolbar")}>
        <Show when={!props.readOnly}>
          <Button size="sm" onClick={() => void s.check()} loading={s.checking()} data-testid="apd-validate">{tr("apd.validate")}</Button>
          <span class="muted" data-testid="apd-check-state" aria-live="polite">{s.checking() ? tr("apd.checking") : count() ? tr("apd.issue_count", { n: count() }) : tr("apd.check_ok")}</span>
        </Show>
      </div>
      <Show when={!props.readOnly && count()}>
        <ul class="apd-issues" data-testid="apd-issues" role="alert">
          <For each={s.issues()}>
            {(x) => (
              <li data-field={x.field}>
                <Show when={where(x.field)} fallback={x.message}>
                  {(w) => <button type="button" onClick={() => open(w().uid)}>{tr("apd.issue_at", { where: w().label, message: x.message })}</button>}
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <div class="apd-canvas" data-testid="apd-canvas" ref={canvas}>
        <div class="apd-flow">
          <NodeCard {...tree} n={s.state.tree.start} />
          <Column {...tree} owner={ROOT} blocks={s.state.tree.blocks} />
          <NodeCard {...tree} n={s.state.tree.end} />
        </div>
        <Show when={s.state.tree.extras.length}>
          <div class="apd-extras" data-testid="apd-extras">
            <p class="muted">{tr("apd.extras_hint")}</p>
            <For each={s.state.tree.extras}>{(n) => <NodeCard {...tree} n={n} />}</For>
          </div>
        </Show>
      </div>
      <NodeSheet state={s} lookups={lookups} readOnly={!!props.readOnly} />
    </div>
  );
}

/** Every person a rule names (approvers, CC, a timeout's escalation). */
function userIds(nodes: ApprovalNode[]): string[] {
  const rules = nodes.flatMap((n) => [n.approvers, n.cc, n.timeout?.escalate_to]);
  return [...new Set(rules.flatMap((r) => (r?.type === "users" ? r.users ?? [] : [])))];
}

/** Display names of the ids asked for, each read once from the directory (what cannot be read shows as its id). */
function createUserNames(ids: () => string[]): (id: string) => string {
  const [names, setNames] = createSignal<Record<string, string>>({});
  const asked = new Set<string>();
  createEffect(() => {
    for (const id of ids()) {
      if (asked.has(id)) continue;
      asked.add(id);
      void userName(id).then((name) => setNames((m) => ({ ...m, [id]: name })));
    }
  });
  return (id) => names()[id] ?? id;
}

function findBranchOwner(s: ApprovalDesignState, branchUid: string): string | null {
  const g = s.graph();
  for (const uid of g.nodeUids) {
    const n = s.node(uid) as { branches?: Array<{ uid: string }> } | undefined;
    if (n?.branches?.some((b) => b.uid === branchUid)) return uid;
  }
  return null;
}

/** The selection's editor in a sheet: modal, Escape or × closes it. */
function NodeSheet(props: { state: ApprovalDesignState; lookups: Lookups; readOnly: boolean }): JSX.Element {
  const s = props.state;
  const sel = () => s.selected();
  const title = () => {
    const x = sel();
    if (x?.kind === "branch") return tr("apd.branch.title");
    if (x?.kind === "node") {
      const n = s.node(x.uid);
      return n ? tr(`apd.node_type.${n.node.type}`) : "";
    }
    return "";
  };
  return (
    <KDialog open={sel() !== null} onOpenChange={(o) => !o && s.select(null)}>
      <KDialog.Portal>
        <KDialog.Overlay class="apd-sheet__overlay" />
        <KDialog.Content class="apd-sheet" data-testid="apd-sheet">
          <header class="apd-sheet__header">
            <KDialog.Title class="dialog__title">{title()}</KDialog.Title>
            <KDialog.CloseButton class="icon-btn" aria-label={tr("common.close")} data-testid="apd-sheet-close"><Icon name="close" /></KDialog.CloseButton>
          </header>
          <div class="apd-sheet__body">
            <Switch>
              <Match when={(() => { const x = sel(); return x?.kind === "node" && s.node(x.uid) ? x.uid : null; })()} keyed>
                {(uid) => <NodeEditor state={s} uid={uid} lookups={props.lookups} readOnly={props.readOnly} />}
              </Match>
              <Match when={(() => { const x = sel(); return x?.kind === "branch" ? x : null; })()} keyed>
                {(x) => <BranchEditor state={s} block={x.block} branch={x.branch} readOnly={props.readOnly} />}
              </Match>
            </Switch>
          </div>
        </KDialog.Content>
      </KDialog.Portal>
    </KDialog>
  );
}
