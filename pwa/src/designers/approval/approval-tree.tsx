import { For, Index, Match, Show, Switch, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import type { Block, CondBlock, ParBlock, TNode } from "./approval-model.ts";
import type { ApprovalDesignState, BlockType } from "./design-state.ts";
import { ruleSummary, type Lookups } from "./rule-editor.tsx";

/**
 * The definition as a column of cards from 发起人 down to 结束 (DingTalk style). Between any two
 * cards a "+" offers an approver, a CC, a sub-process, a condition or a parallel split; a split shows its
 * branches side by side, each a column of its own, rejoining below. A card or branch with a
 * problem is outlined and counts it. Read-only: no "+", cards still open (to read) in the sheet.
 */
export type TreeProps = { state: ApprovalDesignState; lookups: Lookups; readOnly: boolean; openSlot: string | null; setOpenSlot: (slot: string | null) => void };

const BLOCK_TYPES: BlockType[] = ["approver", "cc", "subprocess", "condition", "parallel"];

function AddSlot(props: TreeProps & { owner: string; index: number }): JSX.Element {
  const id = () => `${props.owner}:${props.index}`;
  const open = () => props.openSlot === id();
  return (
    <div class="apd-add">
      <Show when={!props.readOnly}>
        <button type="button" class="apd-add__btn" aria-expanded={open()} aria-label={tr("apd.add_here")} data-testid="apd-add" data-owner={props.owner} data-index={props.index} onClick={() => props.setOpenSlot(open() ? null : id())}>+</button>
        <Show when={open()}>
          <div class="apd-add__menu" role="menu" data-testid="apd-add-menu" onKeyDown={(e) => e.key === "Escape" && props.setOpenSlot(null)}>
            <For each={BLOCK_TYPES}>
              {(type) => (
                <button type="button" role="menuitem" class={`apd-add__item apd-add__item--${type}`} data-testid={`apd-add-${type}`} onClick={() => {
                  props.setOpenSlot(null);
                  props.state.insert(props.owner, props.index, type);
                }}>{tr(`apd.node_type.${type}`)}</button>
              )}
            </For>
          </div>
        </Show>
      </Show>
    </div>
  );
}

function summary(props: TreeProps, n: TNode): string {
  const node = n.node;
  switch (node.type) {
    case "start": return tr("apd.summary.start");
    case "end": return tr("apd.summary.end");
    case "approver": {
      const mode = node.mode === "ratio" ? tr("apd.mode_short.ratio", { n: node.ratio ?? "?" }) : tr(`apd.mode_short.${node.mode ?? "or"}`);
      return `${ruleSummary(node.approvers, props.lookups)} · ${mode}`;
    }
    case "cc": return ruleSummary(node.cc, props.lookups);
    case "subprocess": {
      const key = node.subprocess?.definition;
      return key ? tr("apd.subprocess.summary", { name: props.lookups.definitions.find((d) => d.value === key)?.label ?? key }) : tr("apd.subprocess.definition_pick");
    }
    default: return "";
  }
}

export function NodeCard(props: TreeProps & { n: TNode }): JSX.Element {
  const s = props.state;
  const issues = () => s.placed().at.get(props.n.uid) ?? [];
  const selected = () => {
    const sel = s.selected();
    return sel?.kind === "node" && sel.uid === props.n.uid;
  };
  return (
    <button
      type="button"
      class={`apd-card apd-card--${props.n.node.type}`}
      classList={{ "apd-card--selected": selected(), "apd-card--invalid": issues().length > 0 }}
      data-testid="apd-node" data-key={props.n.node.key} data-type={props.n.node.type} data-issues={issues().length}
      title={issues().map((x) => x.message).join("\n") || undefined}
      onClick={() => s.select({ kind: "node", uid: props.n.uid })}
    >
      <span class="apd-card__head">
        <span>{props.n.node.name || tr(`apd.node_type.${props.n.node.type}`)}</span>
        <Show when={issues().length}><span class="apd-card__issue" data-testid="apd-node-issue">{issues().length}</span></Show>
      </span>
      <Show when={summary(props, props.n)}>{(text) => <span class="apd-card__body">{text()}</span>}</Show>
      <Show when={issues().length}><span class="apd-card__problem">{issues()[0]!.message}</span></Show>
    </button>
  );
}

function CondView(props: TreeProps & { b: CondBlock }): JSX.Element {
  const s = props.state;
  return (
    <div class="apd-split apd-split--condition" data-testid="apd-condition" data-key={props.b.node.key}>
      <div class="apd-split__head">
        <NodeCard {...props} n={props.b} />
        <Show when={!props.readOnly}>
          <button type="button" class="apd-split__add" data-testid="apd-add-branch" onClick={() => s.addBranch(props.b.uid)}>{tr("apd.add_condition")}</button>
        </Show>
      </div>
      <div class="apd-split__branches">
        <Index each={props.b.branches}>
          {(br, i) => {
            const issues = () => s.placed().at.get(br().uid) ?? [];
            const sel = () => {
              const x = s.selected();
              return x?.kind === "branch" && x.branch === br().uid;
            };
            return (
              <div class="apd-branch" data-testid="apd-branch" data-default={br().condition === null ? "true" : "false"}>
                <button
                  type="button"
                  class="apd-card apd-card--branch"
                  classList={{ "apd-card--selected": sel(), "apd-card--invalid": issues().length > 0 }}
                  data-testid="apd-branch-card" data-issues={issues().length}
                  onClick={() => s.select({ kind: "branch", block: props.b.uid, branch: br().uid })}
                >
                  <span class="apd-card__head">
                    <span>{br().condition === null ? tr("apd.branch.default") : tr("apd.branch.name", { n: i + 1 })}</span>
                    <span class="apd-card__meta">{br().condition === null ? "" : tr("apd.branch.priority_short", { n: i + 1 })}</span>
                  </span>
                  <span class="apd-card__body">{br().condition === null ? tr("apd.branch.default_hint") : br().condition || tr("apd.branch.condition_missing")}</span>
                  <Show when={issues().length}><span class="apd-card__problem">{issues()[0]!.message}</span></Show>
                </button>
                <Column {...props} owner={br().uid} blocks={br().blocks} />
              </div>
            );
          }}
        </Index>
      </div>
    </div>
  );
}

function ParView(props: TreeProps & { b: ParBlock }): JSX.Element {
  return (
    <div class="apd-split apd-split--parallel" data-testid="apd-parallel" data-key={props.b.node.key}>
      <div class="apd-split__head">
        <NodeCard {...props} n={props.b} />
        <Show when={!props.readOnly}>
          <button type="button" class="apd-split__add" data-testid="apd-add-branch" onClick={() => props.state.addBranch(props.b.uid)}>{tr("apd.add_parallel_branch")}</button>
        </Show>
      </div>
      <div class="apd-split__branches">
        <Index each={props.b.branches}>
          {(br, i) => (
            <div class="apd-branch" data-testid="apd-branch">
              <span class="apd-branch__label">{tr("apd.branch.parallel_name", { n: i + 1 })}</span>
              <Column {...props} owner={br().uid} blocks={br().blocks} />
            </div>
          )}
        </Index>
      </div>
      <div class="apd-split__join"><NodeCard {...props} n={props.b.join} /></div>
    </div>
  );
}

function BlockView(props: TreeProps & { b: Block }): JSX.Element {
  return (
    <Switch>
      <Match when={props.b.kind === "condition"}><CondView {...props} b={props.b as CondBlock} /></Match>
      <Match when={props.b.kind === "parallel"}><ParView {...props} b={props.b as ParBlock} /></Match>
      <Match when={props.b.kind === "node"}><NodeCard {...props} n={props.b} /></Match>
    </Switch>
  );
}

/** A list of blocks with a "+" before, between and after them. */
export function Column(props: TreeProps & { owner: string; blocks: Block[] }): JSX.Element {
  return (
    <div class="apd-column">
      <AddSlot {...props} index={0} />
      <For each={props.blocks}>
        {(b, i) => (
          <>
            <BlockView {...props} b={b} />
            <AddSlot {...props} index={i() + 1} />
          </>
        )}
      </For>
    </div>
  );
}
