import { createMemo, createSignal, For, Show, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { edgePath, inPort, MARGIN, NODE_H, NODE_W, outPort, type DNode, type Design, type Point, type Selection } from "./flow-model.ts";
import "./flow.css";

/**
 * The flow graph as plain SVG: nodes as focusable boxes, edges as curves with an arrow, a
 * condition node's branches labelled 是/否. Positions come from `node.data.position`.
 * Editable: drag a node to move it; drag from an output port to another node to connect;
 * Delete removes what is selected; arrow keys nudge a node. Read-only (detail, live run):
 * nodes are only selected. Colours come from classes (flow.css), never from style strings.
 */
export type CanvasProps = {
  design: Design;
  editable: boolean;
  selected: Selection;
  onSelect: (s: Selection) => void;
  onMove?: (uid: string, p: Point) => void;
  onConnect?: (from: string, to: string, when?: boolean) => void;
  onDelete?: (s: Exclude<Selection, null>) => void;
  /** problems to show at a node (by uid) and at an edge (by index) */
  nodeIssues?: (uid: string) => string[];
  edgeIssues?: (index: number) => string[];
  /** live run: each node's status (class and data-status) and its words */
  status?: (key: string) => string | undefined;
  statusLabel?: (key: string) => string | undefined;
  zoom: number;
  label: string;
};

let canvasSeq = 0;
const NUDGE = 10;

/** Display width: CJK counts double, so a name is cut at about the box's width. */
function fit(text: string, room = 20): string {
  let w = 0;
  let out = "";
  for (const ch of text) {
    w += /[\u2e80-\uffff]/.test(ch) ? 2 : 1;
    if (w > room) return `${out}…`;
    out += ch;
  }
  return out;
}

export function FlowCanvas(props: CanvasProps): JSX.Element {
  const arrowId = `flow-arrow-${++canvasSeq}`;
  let svg: SVGSVGElement | undefined;
  const [drag, setDrag] = createSignal<{ uid: string; off: Point } | null>(null);
  const [link, setLink] = createSignal<{ from: string; when?: boolean; start: Point; at: Point } | null>(null);
  const pos = (n: DNode): Point => n.data.position ?? { x: 0, y: 0 };
  const byUid = createMemo(() => new Map(props.design.nodes.map((n) => [n.uid, n])));
  const size = createMemo(() => {
    // the designer keeps room to drag into; a read-only graph is as big as its nodes
    let w = props.editable ? 640 : 0;
    let h = props.editable ? 360 : 0;
    for (const n of props.design.nodes) {
      w = Math.max(w, pos(n).x + NODE_W + MARGIN * 3);
      h = Math.max(h, pos(n).y + NODE_H + MARGIN * 3);
    }
    return { w, h };
  });
  const local = (e: PointerEvent): Point => {
    const r = svg!.getBoundingClientRect();
    return { x: (e.clientX - r.left) / props.zoom, y: (e.clientY - r.top) / props.zoom };
  };
  const isSel = (s: Selection) => JSON.stringify(s) === JSON.stringify(props.selected);

  const nodeDown = (e: PointerEvent, n: DNode) => {
    if (e.button !== 0) return;
    (e.currentTarget as SVGGElement).focus();
    props.onSelect({ kind: "node", uid: n.uid });
    if (!props.editable) return;
    e.preventDefault();
    const p = local(e);
    setDrag({ uid: n.uid, off: { x: p.x - pos(n).x, y: p.y - pos(n).y } });
    svg?.setPointerCapture(e.pointerId);
  };
  const portDown = (e: PointerEvent, n: DNode, when?: boolean) => {
    if (!props.editable || e.button !== 0) return;
    e.stopPropagation();
    e.preventDefault();
    const start = outPort(pos(n), n.data.type, when);
    setLink({ from: n.uid, when, start, at: start });
    svg?.setPointerCapture(e.pointerId);
  };
  const move = (e: PointerEvent) => {
    const d = drag();
    if (d) {
      const p = local(e);
      props.onMove?.(d.uid, { x: Math.max(0, Math.round(p.x - d.off.x)), y: Math.max(0, Math.round(p.y - d.off.y)) });
    }
    const l = link();
    if (l) setLink({ ...l, at: local(e) });
  };
  const up = (e: PointerEvent) => {
    const l = link();
    if (l) {
      const target = document.elementFromPoint(e.clientX, e.clientY)?.closest("[data-uid]")?.getAttribute("data-uid");
      if (target && target !== l.from) props.onConnect?.(l.from, target, l.when);
    }
    setLink(null);
    setDrag(null);
  };
  const nodeKey = (e: KeyboardEvent, n: DNode) => {
    const step: Record<string, Point> = { ArrowLeft: { x: -NUDGE, y: 0 }, ArrowRight: { x: NUDGE, y: 0 }, ArrowUp: { x: 0, y: -NUDGE }, ArrowDown: { x: 0, y: NUDGE } };
    if (e.key === "Enter" || e.key === " ") props.onSelect({ kind: "node", uid: n.uid });
    else if (props.editable && (e.key === "Delete" || e.key === "Backspace")) props.onDelete?.({ kind: "node", uid: n.uid });
    else if (props.editable && step[e.key]) props.onMove?.(n.uid, { x: Math.max(0, pos(n).x + step[e.key]!.x), y: Math.max(0, pos(n).y + step[e.key]!.y) });
    else return;
    e.preventDefault();
  };

  return (
    <div class="flow-canvas" classList={{ "flow-canvas--editable": props.editable }} data-testid="flow-canvas">
      <svg
        ref={(el) => (svg = el)}
        role="group"
        aria-label={props.label}
        width={size().w * props.zoom}
        height={size().h * props.zoom}
        viewBox={`0 0 ${size().w} ${size().h}`}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={() => (setLink(null), setDrag(null))}
      >
        <defs>
          <marker id={arrowId} viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" class="flow-arrow" />
          </marker>
        </defs>
        <rect class="flow-canvas__bg" width={size().w} height={size().h} onPointerDown={() => props.onSelect(null)} />
        <For each={props.design.edges}>
          {(e, i) => {
            const from = () => byUid().get(e.from);
            const to = () => byUid().get(e.to);
            const a = () => outPort(pos(from()!), from()!.data.type, e.when);
            const b = () => inPort(pos(to()!));
            const branch = () => (from()?.data.type === "condition" ? e.when !== false : undefined);
            const issues = () => props.edgeIssues?.(i()) ?? [];
            return (
              <Show when={from() && to()}>
                <g
                  class="flow-edge"
                  classList={{ "flow-edge--selected": isSel({ kind: "edge", index: i() }), "flow-edge--invalid": issues().length > 0, [`flow-edge--${branch() ? "true" : "false"}`]: branch() !== undefined }}
                  data-testid="flow-edge"
                  data-from={from()!.data.key}
                  data-to={to()!.data.key}
                  data-when={branch() === undefined ? undefined : String(branch())}
                  tabindex={props.editable ? 0 : undefined}
                  role={props.editable ? "button" : undefined}
                  aria-label={tr("flows.edge_label", { from: from()!.data.key, to: to()!.data.key })}
                  onPointerDown={() => props.onSelect({ kind: "edge", index: i() })}
                  onKeyDown={(ev) => {
                    if (props.editable && (ev.key === "Delete" || ev.key === "Backspace")) {
                      ev.preventDefault();
                      props.onDelete?.({ kind: "edge", index: i() });
                    }
                  }}
                >
                  <path class="flow-edge__hit" d={edgePath(a(), b())} />
                  <path class="flow-edge__line" d={edgePath(a(), b())} marker-end={`url(#${arrowId})`} />
                  <Show when={branch() !== undefined}>
                    <text class="flow-edge__label" x={a().x + 10} y={a().y - 5}>{tr(branch() ? "flows.branch.true" : "flows.branch.false")}</text>
                  </Show>
                  <title>{issues().length ? issues().join("\n") : tr("flows.edge_label", { from: from()!.data.key, to: to()!.data.key })}</title>
                </g>
              </Show>
            );
          }}
        </For>
        <Show when={link()}>
          {(l) => <path class="flow-edge__draft" d={edgePath(l().start, l().at)} />}
        </Show>
        <For each={props.design.nodes}>
          {(n) => {
            const issues = () => props.nodeIssues?.(n.uid) ?? [];
            const status = () => props.status?.(n.data.key);
            return (
              <g
                class="flow-node"
                classList={{ [`flow-node--${n.data.type}`]: true, "flow-node--selected": isSel({ kind: "node", uid: n.uid }), "flow-node--invalid": issues().length > 0, [`flow-node--${status()}`]: !!status() }}
                transform={`translate(${pos(n).x},${pos(n).y})`}
                data-testid="flow-node"
                data-uid={n.uid}
                data-key={n.data.key}
                data-type={n.data.type}
                data-status={status()}
                tabindex="0"
                role="button"
                aria-label={`${tr(`flows.node_type.${n.data.type}`)} ${n.data.name || n.data.key}${props.statusLabel?.(n.data.key) ? `: ${props.statusLabel(n.data.key)}` : ""}`}
                aria-pressed={isSel({ kind: "node", uid: n.uid })}
                onPointerDown={(e) => nodeDown(e, n)}
                onKeyDown={(e) => nodeKey(e, n)}
              >
                <rect class="flow-node__box" width={NODE_W} height={NODE_H} rx="8" />
                <rect class="flow-node__stripe" width="6" height={NODE_H} rx="3" />
                <text class="flow-node__type" x="14" y="17">{tr(`flows.node_type.${n.data.type}`)}</text>
                <text class="flow-node__name" x="14" y="36">{fit(n.data.name || n.data.key || tr("flows.unnamed"))}</text>
                <text class="flow-node__meta" x="14" y="52" data-testid="flow-node-status">{props.statusLabel?.(n.data.key) ?? fit(n.data.key, 24)}</text>
                <Show when={props.editable}>
                  <circle class="flow-port flow-port--in" cx="0" cy={NODE_H / 2} r="6" data-port="in" />
                  <Show
                    when={n.data.type === "condition"}
                    fallback={<circle class="flow-port flow-port--out" cx={NODE_W} cy={NODE_H / 2} r="7" data-port="out" data-testid="flow-port-out" onPointerDown={(e) => portDown(e, n)} />}
                  >
                    <circle class="flow-port flow-port--out flow-port--true" cx={NODE_W} cy={NODE_H * 0.28} r="7" data-port="out" data-when="true" data-testid="flow-port-out" onPointerDown={(e) => portDown(e, n, true)} />
                    <circle class="flow-port flow-port--out flow-port--false" cx={NODE_W} cy={NODE_H * 0.72} r="7" data-port="out" data-when="false" data-testid="flow-port-out" onPointerDown={(e) => portDown(e, n, false)} />
                  </Show>
                </Show>
                <Show when={issues().length}>
                  <g class="flow-node__issue" data-testid="flow-node-issue">
                    <circle cx={NODE_W - 12} cy="12" r="8" />
                    <text x={NODE_W - 12} y="16">!</text>
                    <title>{issues().join("\n")}</title>
                  </g>
                </Show>
              </g>
            );
          }}
        </For>
      </svg>
    </div>
  );
}
