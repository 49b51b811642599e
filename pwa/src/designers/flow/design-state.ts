import type { FlowNode, FlowNodeType } from "@ops/shared/contracts/flows.ts";
import { batch, createEffect, createMemo, createSignal, on, onCleanup } from "solid-js";
import { createStore, produce } from "solid-js/store";
import { isApiError } from "../../data/api-error.ts";
import { flowsApi } from "../../data/flows.ts";
import { tr } from "../../providers/i18n.ts";
import { localIssues, mergeIssues, normalizeField, placeIssues, type Issue } from "./flow-issues.ts";
import { autoLayout, withPositions } from "./flow-layout.ts";
import { defaultNode, edgeFor, freeSpot, fromGraph, newUid, nextKey, refuseEdge, toGraph, type Design, type Point, type Selection } from "./flow-model.ts";

const CHECK_DELAY_MS = 400;

/**
 * The designer's state: the graph (a Solid store), the selection and the graph's problems. Every
 * change is checked at once locally and, 400 ms after the last change, by `POST /flows/validate`;
 * an answer counts only for the graph it was asked about. A save's field errors join the same list.
 */
export function createFlowDesign(initial: { nodes: FlowNode[]; edges: FlowDesignEdges }, opts: { check: boolean; params?: () => Record<string, unknown> }) {
  const [design, setDesign] = createStore<Design>(withPositions(fromGraph(initial.nodes, initial.edges)));
  const [selected, setSelected] = createSignal<Selection>(null);
  const [server, setServer] = createSignal<{ graph: string; issues: Issue[] }>({ graph: "", issues: [] });
  const [checking, setChecking] = createSignal(false);
  const graph = createMemo(() => toGraph(design));
  // positions are layout, not logic: moving a node does not ask the API again
  // the flow's declared params count too: `{params.x}` in a node is checked against them
  const logical = createMemo(() => JSON.stringify({ nodes: graph().nodes.map(({ position: _p, ...n }) => n), edges: graph().edges, params: opts.params?.() ?? {} }));

  if (opts.check) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    createEffect(on(logical, (asked) => {
      clearTimeout(timer);
      if (!design.nodes.length) return setServer({ graph: asked, issues: [] });
      timer = setTimeout(() => {
        setChecking(true);
        const answer = (errors: Issue[]) => logical() === asked && setServer({ graph: asked, issues: errors.map((e) => ({ ...e, field: normalizeField(e.field) })) });
        flowsApi.validate({ ...graph(), params: opts.params?.() ?? {} }).then(
          (r) => answer(r.ok ? [] : r.errors),
          // a malformed graph (a bad key) is refused as a body error, which names its fields too;
          // a check that cannot run at all (offline, busy) leaves the local checks in charge
          (e: unknown) => isApiError(e) && e.status === 400 && answer(e.errors),
        ).finally(() => setChecking(false));
      }, CHECK_DELAY_MS);
    }));
    onCleanup(() => clearTimeout(timer));
  }

  const issues = createMemo(() => {
    const local = localIssues(design, { key: tr("flows.issue.key"), keyTaken: tr("flows.issue.key_taken"), cycle: tr("flows.issue.cycle") });
    const current = server().graph === logical() ? server().issues : [];
    return mergeIssues(current, local);
  });
  const placed = createMemo(() => placeIssues(design, issues()));
  const indexOf = (uid: string) => design.nodes.findIndex((n) => n.uid === uid);

  return {
    design,
    graph,
    issues,
    placed,
    checking,
    selected,
    select: setSelected,
    indexOf,
    node: (uid: string) => design.nodes.find((n) => n.uid === uid),
    /** a save's 400: its field errors stand for the graph as it is now */
    showSaveErrors: (errors: Issue[]) =>
      setServer({ graph: logical(), issues: errors.map((e) => ({ ...e, field: normalizeField(e.field) })).filter((e) => /^(nodes|edges)(\.|$)/.test(e.field)) }),
    add(type: FlowNodeType) {
      const sel = selected();
      const near = sel?.kind === "node" ? design.nodes[indexOf(sel.uid)]?.data.position : undefined;
      const uid = newUid();
      const data = defaultNode(type, nextKey(design.nodes, type), freeSpot(design.nodes, near));
      batch(() => {
        setDesign("nodes", (list) => [...list, { uid, data }]);
        setSelected({ kind: "node", uid });
      });
      return uid;
    },
    move(uid: string, p: Point) {
      const i = indexOf(uid);
      if (i >= 0) setDesign("nodes", i, "data", "position", p);
    },
    /** false when refused (self-loop, same edge twice); a cycle is drawn and then reported */
    connect(from: string, to: string, when?: boolean): boolean {
      if (refuseEdge(design, from, to, when)) return false;
      const edge = edgeFor(design, from, to, when);
      setDesign("edges", (list) => [...list, edge]);
      setSelected({ kind: "edge", index: design.edges.length - 1 });
      return true;
    },
    remove(s: Exclude<Selection, null>) {
      batch(() => {
        if (s.kind === "edge") setDesign("edges", (list) => list.filter((_, i) => i !== s.index));
        else setDesign(produce((d) => {
          d.nodes = d.nodes.filter((n) => n.uid !== s.uid);
          d.edges = d.edges.filter((e) => e.from !== s.uid && e.to !== s.uid);
        }));
        setSelected(null);
      });
    },
    /** replaces fields of a node's definition (undefined drops the field) */
    patch(uid: string, fields: Partial<FlowNode>) {
      const i = indexOf(uid);
      if (i < 0) return;
      setDesign("nodes", i, "data", produce((n) => {
        for (const [k, v] of Object.entries(fields)) {
          if (v === undefined) delete (n as Record<string, unknown>)[k];
          else (n as Record<string, unknown>)[k] = v;
        }
      }));
    },
    setBranch(index: number, when: boolean) {
      setDesign("edges", index, "when", when);
    },
    layout() {
      const at = autoLayout(design);
      setDesign(produce((d) => {
        for (const n of d.nodes) n.data.position = at.get(n.uid)!;
      }));
    },
  };
}

export type FlowDesignEdges = Parameters<typeof fromGraph>[1];
export type FlowDesignState = ReturnType<typeof createFlowDesign>;
