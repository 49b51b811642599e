import { FLOW_NODE_TYPES } from "@ops/shared/contracts/flows.ts";
import { createMemo, createResource, createSignal, For, Match, Show, Switch, type JSX } from "solid-js";
import { jobsApi } from "../../data/jobs.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { Icon } from "../../ui/icons.tsx";
import type { FlowDesignState } from "./design-state.ts";
import { EdgePanel } from "./edge-panel.tsx";
import { FlowCanvas } from "./flow-canvas.tsx";
import { NodePanel } from "./node-panel.tsx";

const ZOOMS = [0.5, 0.67, 0.8, 1, 1.25, 1.5];

/**
 * The flow designer: a palette (a node of each type), the canvas (drag, connect ports, select),
 * auto-layout and zoom, the graph's problems at their places, and the selected node or edge in a
 * side panel (under the canvas on a phone). The page around it owns the name and the save.
 */
export function FlowDesigner(props: { state: FlowDesignState }): JSX.Element {
  const s = props.state;
  const [zoom, setZoom] = createSignal(3);
  // job nodes pick a saved job by name (what chat and the API use)
  const [jobs] = createResource(() => jobsApi.list({ page_size: 100, sort: "name" }).then((p) => p.items.map((j) => ({ value: j.name, label: j.name }))).catch(() => []), { initialValue: [] });
  const refused = (from: string, to: string, when?: boolean) => {
    if (!s.connect(from, to, when)) notify.error(tr("flows.edge.refused"));
  };
  const count = () => s.issues().length;
  const selectedNode = createMemo(() => {
    const sel = s.selected();
    return sel?.kind === "node" && s.node(sel.uid) ? sel.uid : null;
  });
  const selectedEdge = createMemo(() => {
    const sel = s.selected();
    return sel?.kind === "edge" ? sel : null;
  });
  /** which node or edge an issue is about, in the list above the canvas */
  const where = (field: string) => {
    const m = /^(nodes|edges)\.(\d+)/.exec(field)!;
    const key = (uid: string | undefined) => (uid ? s.node(uid)?.data.key || tr("flows.unnamed") : "?");
    if (m[1] === "nodes") return key(s.design.nodes[Number(m[2])]?.uid);
    const e = s.design.edges[Number(m[2])];
    return tr("flows.edge_label", { from: key(e?.from), to: key(e?.to) });
  };
  const selectIssue = (field: string) => {
    const m = /^(nodes|edges)\.(\d+)/.exec(field);
    if (m?.[1] === "nodes" && s.design.nodes[Number(m[2])]) s.select({ kind: "node", uid: s.design.nodes[Number(m[2])]!.uid });
    else if (m?.[1] === "edges") s.select({ kind: "edge", index: Number(m[2]) });
  };
  return (
    <div class="flow-designer" data-testid="flow-designer">
      <div class="flow-palette" role="toolbar" aria-label={tr("flows.palette")} data-testid="flow-palette">
        <span class="flow-palette__title">{tr("flows.palette_hint")}</span>
        <For each={FLOW_NODE_TYPES}>
          {(type) => (
            <Button size="sm" onClick={() => s.add(type)} aria-label={tr("flows.add_node", { type: tr(`flows.node_type.${type}`) })} data-testid={`flow-add-${type}`}>
              <Icon name="plus" size={14} /> {tr(`flows.node_type.${type}`)}
            </Button>
          )}
        </For>
      </div>
      <div class="flow-toolbar" role="toolbar" aria-label={tr("flows.toolbar")}>
        <Button size="sm" onClick={() => s.layout()} disabled={!s.design.nodes.length} data-testid="flow-auto-layout">{tr("flows.auto_layout")}</Button>
        <Button size="sm" variant="ghost" onClick={() => setZoom((z) => Math.max(0, z - 1))} disabled={zoom() === 0} aria-label={tr("flows.zoom_out")}>−</Button>
        <span class="muted" aria-live="polite">{Math.round(ZOOMS[zoom()]! * 100)}%</span>
        <Button size="sm" variant="ghost" onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))} disabled={zoom() === ZOOMS.length - 1} aria-label={tr("flows.zoom_in")}>+</Button>
        <Show when={s.selected()}>
          {(sel) => <Button size="sm" variant="danger" onClick={() => s.remove(sel())} data-testid="flow-delete-selected">{tr("flows.delete_selected")}</Button>}
        </Show>
        <span class="muted" data-testid="flow-check-state">{s.checking() ? tr("flows.checking") : count() ? tr("flows.issue_count", { n: count() }) : tr("flows.check_ok")}</span>
      </div>
      <Show when={count()}>
        <ul class="flow-issues" data-testid="flow-issues" role="alert">
          <For each={s.issues()}>
            {(x) => (
              <li data-field={x.field}>
                <Show when={/^(nodes|edges)\.\d+/.test(x.field)} fallback={x.message}>
                  <button type="button" onClick={() => selectIssue(x.field)}>{tr("flows.issue_at", { where: where(x.field), message: x.message })}</button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <div class="flow-designer__body">
        <FlowCanvas
          design={s.design}
          editable
          selected={s.selected()}
          onSelect={s.select}
          onMove={s.move}
          onConnect={refused}
          onDelete={s.remove}
          nodeIssues={(uid) => (s.placed().node.get(uid) ?? []).map((x) => x.message)}
          edgeIssues={(i) => (s.placed().edge.get(i) ?? []).map((x) => x.message)}
          zoom={ZOOMS[zoom()]!}
          label={tr("flows.canvas_label")}
        />
        <Switch fallback={<div class="flow-panel muted" data-testid="flow-panel-empty">{s.design.nodes.length ? tr("flows.select_hint") : tr("flows.empty_hint")}</div>}>
          <Match when={selectedNode()} keyed>
            {(uid) => <NodePanel state={s} uid={uid} jobs={jobs()} />}
          </Match>
          <Match when={selectedEdge()} keyed>
            {(sel) => <EdgePanel state={s} index={sel.index} />}
          </Match>
        </Switch>
      </div>
    </div>
  );
}
