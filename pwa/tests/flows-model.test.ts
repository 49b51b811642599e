/**
 * The flow designer's pure parts: the graph round trip (edges by uid inside, by key outside, a
 * condition's branch always said), where the API's field errors land, the local key and cycle
 * checks, and dagre's left-to-right layout.
 */
import { describe, expect, it } from "vitest";
import { localIssues, mergeIssues, placeIssues } from "../src/designers/flow/flow-issues.ts";
import { autoLayout, withPositions } from "../src/designers/flow/flow-layout.ts";
import { cycleNodes, edgeFor, freeSpot, fromGraph, nextKey, NODE_W, refuseEdge, toGraph } from "../src/designers/flow/flow-model.ts";

const words = { key: "bad key", keyTaken: "key taken", cycle: "cycle" };
const graph = () => fromGraph(
  [{ key: "A", type: "shell", config: { command: "echo" } }, { key: "check", type: "condition", condition: "true" }, { key: "B", type: "wait" }, { key: "C", type: "job", job: "x" }],
  [{ from: "A", to: "check" }, { from: "check", to: "B", when: true }, { from: "check", to: "C", when: false }, { from: "B", to: "ghost" }],
);

describe("flow designer model", () => {
  it("round-trips a graph by key, drops an edge to a missing node and keeps the branches", () => {
    const d = graph();
    expect(d.edges).toHaveLength(3);
    const out = toGraph(d);
    expect(out.edges).toEqual([{ from: "A", to: "check" }, { from: "check", to: "B", when: true }, { from: "check", to: "C", when: false }]);
    // renaming a key moves its edges with it (edges hold uids)
    d.nodes[0]!.data.key = "extract";
    expect(toGraph(d).edges[0]).toEqual({ from: "extract", to: "check" });
  });

  it("gives a condition's next edge the unused branch, and refuses self-loops and duplicates", () => {
    const d = fromGraph([{ key: "c", type: "condition" }, { key: "x", type: "shell" }, { key: "y", type: "shell" }], []);
    const [c, x, y] = d.nodes.map((n) => n.uid) as [string, string, string];
    expect(edgeFor(d, c, x)).toEqual({ from: c, to: x, when: true });
    d.edges.push(edgeFor(d, c, x));
    expect(edgeFor(d, c, y)).toEqual({ from: c, to: y, when: false });
    expect(edgeFor(d, x, y)).toEqual({ from: x, to: y });
    expect(refuseEdge(d, x, x)).toBe("self");
    expect(refuseEdge(d, c, x, true)).toBe("exists");
    expect(refuseEdge(d, c, x, false)).toBeNull();
  });

  it("finds the nodes on a cycle and only those", () => {
    const d = graph();
    expect(cycleNodes(d).size).toBe(0);
    const [a, check, b] = d.nodes.map((n) => n.uid);
    d.edges.push({ from: b!, to: a! });
    expect([...cycleNodes(d)].sort()).toEqual([a, b, check].sort());
    expect(localIssues(d, words).filter((x) => x.message === "cycle").map((x) => x.field)).toEqual(["edges.0", "edges.1", "edges.3"]);
  });

  it("places field errors at their node or edge, by index or by key, and the rest in the general list", () => {
    const d = graph();
    const placed = placeIssues(d, [
      { field: "nodes.1.condition", message: "bad expression" },
      { field: "nodes.C.job", message: "no such job" },
      { field: "edges.2.when", message: "branch" },
      { field: "edges.9.to", message: "out of range" },
      { field: "name", message: "taken" },
    ]);
    expect(placed.node.get(d.nodes[1]!.uid)?.map((x) => x.message)).toEqual(["bad expression"]);
    expect(placed.node.get(d.nodes[3]!.uid)?.map((x) => x.message)).toEqual(["no such job"]);
    expect(placed.edge.get(2)?.map((x) => x.message)).toEqual(["branch"]);
    expect(placed.general.map((x) => x.message)).toEqual(["out of range", "taken"]);
  });

  it("checks keys locally; the API's message wins for the same field", () => {
    const d = graph();
    d.nodes[0]!.data.key = "";
    d.nodes[3]!.data.key = "check";
    const local = localIssues(d, words);
    expect(local).toEqual([{ field: "nodes.0.key", message: "bad key" }, { field: "nodes.3.key", message: "key taken" }]);
    expect(mergeIssues([{ field: "nodes.0.key", message: "节点标识不能为空" }], local)).toEqual([{ field: "nodes.0.key", message: "节点标识不能为空" }, { field: "nodes.3.key", message: "key taken" }]);
  });

  it("lays out left to right with fan-out spread vertically; new nodes go to a free spot", () => {
    const d = graph();
    const at = autoLayout(d);
    const [a, check, b, c] = d.nodes.map((n) => at.get(n.uid)!);
    expect(a!.x).toBeLessThan(check!.x);
    expect(check!.x).toBeLessThan(b!.x);
    expect(b!.x).toBe(c!.x);
    expect(b!.y).not.toBe(c!.y);
    // saved positions are kept; a graph without any gets the layout
    const placed = withPositions(d);
    expect(placed.nodes.every((n) => n.data.position)).toBe(true);
    const spot = freeSpot(placed.nodes, placed.nodes[0]!.data.position);
    expect(placed.nodes.some((n) => n.data.position!.x === spot.x && n.data.position!.y === spot.y)).toBe(false);
    expect(spot.x).toBeGreaterThan(placed.nodes[0]!.data.position!.x + NODE_W);
    expect(nextKey(placed.nodes, "shell")).toBe("shell_1");
  });
});
