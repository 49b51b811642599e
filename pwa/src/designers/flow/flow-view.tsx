import type { FlowEdge, FlowNode } from "@ops/shared/contracts/flows.ts";
import { createEffect, createMemo, createSignal, on, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { FlowCanvas } from "./flow-canvas.tsx";
import { designWidth, withPositions } from "./flow-layout.ts";
import { fromGraph, type Selection } from "./flow-model.ts";

const ZOOMS = [0.5, 0.67, 0.8, 1, 1.25];

/**
 * A saved graph, read-only (a flow's page, a version, a live run): select a node by its key.
 * Laid out by its saved positions, or by dagre when it has none.
 */
export function FlowView(props: {
  nodes: FlowNode[];
  edges: FlowEdge[];
  selectedKey?: string | null;
  onSelectKey?: (key: string | null) => void;
  status?: (key: string) => string | undefined;
  statusLabel?: (key: string) => string | undefined;
  label: string;
}): JSX.Element {
  const [zoom, setZoom] = createSignal(3);
  // a new graph (another version) gets new uids; a live run's statuses change nothing here
  const design = createMemo(() => withPositions(fromGraph(props.nodes, props.edges)));
  // start at the largest zoom (100% at most) that shows the whole width: a phone sees every column
  let box: HTMLDivElement | undefined;
  createEffect(on(design, (d) => {
    const room = box?.clientWidth ?? 0;
    if (!room) return;
    const fits = ZOOMS.findLastIndex((z) => z <= 1 && z * designWidth(d) <= room);
    setZoom(fits < 0 ? 0 : fits);
  }));
  const selected = (): Selection => {
    const n = design().nodes.find((x) => x.data.key === props.selectedKey);
    return n ? { kind: "node", uid: n.uid } : null;
  };
  return (
    <div class="flow-designer" data-testid="flow-view" ref={(el) => (box = el)}>
      <div class="flow-toolbar">
        <Button size="sm" variant="ghost" onClick={() => setZoom((z) => Math.max(0, z - 1))} disabled={zoom() === 0} aria-label={tr("flows.zoom_out")}>−</Button>
        <span class="muted">{Math.round(ZOOMS[zoom()]! * 100)}%</span>
        <Button size="sm" variant="ghost" onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))} disabled={zoom() === ZOOMS.length - 1} aria-label={tr("flows.zoom_in")}>+</Button>
      </div>
      <FlowCanvas
        design={design()}
        editable={false}
        selected={selected()}
        onSelect={(s) => props.onSelectKey?.(s?.kind === "node" ? (design().nodes.find((n) => n.uid === s.uid)?.data.key ?? null) : null)}
        status={props.status}
        statusLabel={props.statusLabel}
        zoom={ZOOMS[zoom()]!}
        label={props.label}
      />
    </div>
  );
}
