/**
 * The approval designer's pure parts: the tree ↔ graph round trip (nested condition branches in
 * priority order with their default, a parallel split joined below, empty branches), reading a
 * graph the tree cannot hold (kept as extras), the edits (insert, branches added, reordered,
 * dropped until the split dissolves), where the API's field errors land, and the form designer's
 * field helpers (fresh keys, a type change keeping what still applies, edits in place).
 */
import { describe, expect, it } from "vitest";
import {
  APPROVAL_MODES, APPROVAL_NODE_TYPES, APPROVER_TYPES, DEFINITION_STATUSES, FORM_FIELD_TYPES, HOOK_EVENTS, ON_EMPTY, TIMEOUT_ACTIONS,
  type ApprovalEdge, type ApprovalNode,
} from "@ops/shared/contracts/approvals.ts";
import { translate } from "../src/i18n/index.ts";
import { localIssues, placeIssues } from "../src/designers/approval/approval-issues.ts";
import { emptyTree, fromGraph, newBlock, toGraph, type CondBlock, type ParBlock } from "../src/designers/approval/approval-model.ts";
import { assignInPlace, move, newField, retype } from "../src/designers/approval-form/form-model.ts";
import { addBranch, insertBlock, makeDefault, moveBranch, removeBlock, removeBranch, ROOT } from "../src/designers/approval/tree-edit.ts";

const users = (...ids: string[]) => ({ type: "users" as const, users: ids });
const NODES: ApprovalNode[] = [
  { key: "start", type: "start" },
  { key: "lead", type: "approver", approvers: { type: "dept_head", level: 1 }, mode: "or" },
  { key: "amount", type: "condition" },
  { key: "big", type: "approver", approvers: users("u1", "u2"), mode: "and" },
  { key: "region", type: "condition" },
  { key: "north", type: "approver", approvers: { type: "role", role: "ops_manager" } },
  { key: "par", type: "parallel" },
  { key: "fin", type: "approver", approvers: users("u3") },
  { key: "legal", type: "approver", approvers: users("u4") },
  { key: "join", type: "join" },
  { key: "hr", type: "cc", cc: { type: "initiator" } },
  { key: "end", type: "end" },
];
const EDGES: ApprovalEdge[] = [
  { from: "start", to: "lead" },
  { from: "lead", to: "amount" },
  { from: "amount", to: "big", condition: "form.amount > 10000" },
  { from: "amount", to: "par", condition: "form.amount > 5000" },
  { from: "amount", to: "hr", condition: null },
  { from: "big", to: "region" },
  { from: "region", to: "north", condition: "form.region == 'north'" },
  { from: "region", to: "hr", condition: null },
  { from: "north", to: "hr" },
  { from: "par", to: "fin" },
  { from: "par", to: "legal" },
  { from: "par", to: "join" },
  { from: "fin", to: "join" },
  { from: "legal", to: "join" },
  { from: "join", to: "hr" },
  { from: "hr", to: "end" },
];

const sortEdges = (edges: ApprovalEdge[]) => edges.map((e) => `${e.from}>${e.to}:${e.condition ?? "-"}`).sort();

describe("approval designer model", () => {
  it("reads nested conditions and a parallel split into a tree, and writes the same graph back", () => {
    const t = fromGraph(NODES, EDGES);
    expect(t.extras).toEqual([]);
    expect(t.blocks.map((b) => b.node.key)).toEqual(["lead", "amount", "hr"]);
    const amount = t.blocks[1] as CondBlock;
    expect(amount.branches.map((b) => b.condition)).toEqual(["form.amount > 10000", "form.amount > 5000", null]);
    expect(amount.branches.map((b) => b.blocks.map((x) => x.node.key))).toEqual([["big", "region"], ["par"], []]);
    const region = amount.branches[0]!.blocks[1] as CondBlock;
    expect(region.branches.map((b) => b.blocks.map((x) => x.node.key))).toEqual([["north"], []]);
    const par = amount.branches[1]!.blocks[0] as ParBlock;
    expect(par.join.node.key).toBe("join");
    expect(par.branches.map((b) => b.blocks.map((x) => x.node.key))).toEqual([["fin"], ["legal"], []]);

    const g = toGraph(t);
    expect(g.nodes.map((n) => n.key).sort()).toEqual(NODES.map((n) => n.key).sort());
    expect(sortEdges(g.edges)).toEqual(sortEdges(EDGES));
    // a condition's edges keep their priority order, the default among them as stored
    expect(g.edges.filter((e) => e.from === "amount").map((e) => e.condition ?? null)).toEqual(["form.amount > 10000", "form.amount > 5000", null]);
    // a second trip changes nothing, and the node settings travel untouched
    const again = toGraph(fromGraph(g.nodes, g.edges));
    expect(again.nodes).toEqual(g.nodes);
    expect(again.edges).toEqual(g.edges);
    expect(g.nodes.find((n) => n.key === "big")).toEqual(NODES[3]);
  });

  it("treats a sub-process as a simple node: inserted between two nodes, read back inside a branch with its spec", () => {
    const t = emptyTree({ start: "发起人", end: "结束" });
    insertBlock(t, ROOT, 0, newBlock(t, "approver"));
    const sub = newBlock(t, "subprocess", { subprocess: "子流程" });
    expect(sub).toMatchObject({ kind: "node", node: { key: "sub1", type: "subprocess", name: "子流程", subprocess: { definition: "" } } });
    insertBlock(t, ROOT, 0, sub);
    expect(toGraph(t).edges).toEqual([{ from: "start", to: "sub1" }, { from: "sub1", to: "approver1" }, { from: "approver1", to: "end" }]);

    const spec = { definition: "purchase", title: "{instance.title} · 采购", form: { item: "{form.reason}", amount: "{form.amount}" } };
    const nodes: ApprovalNode[] = [
      { key: "start", type: "start" }, { key: "c", type: "condition" }, { key: "buy", type: "subprocess", subprocess: spec },
      { key: "lead", type: "approver", approvers: users("u1") }, { key: "end", type: "end" },
    ];
    const edges: ApprovalEdge[] = [
      { from: "start", to: "c" }, { from: "c", to: "buy", condition: "form.amount > 100" }, { from: "c", to: "lead", condition: null },
      { from: "buy", to: "lead" }, { from: "lead", to: "end" },
    ];
    const read = fromGraph(nodes, edges);
    expect(read.extras).toEqual([]);
    const cond = read.blocks[0] as CondBlock;
    expect(cond.branches[0]!.blocks).toEqual([expect.objectContaining({ kind: "node", node: nodes[2] })]);
    const back = toGraph(read);
    expect(back.nodes.find((n) => n.key === "buy")).toEqual(nodes[2]);
    expect(sortEdges(back.edges)).toEqual(sortEdges(edges));
  });

  it("builds a tree by edits: insert, a condition with a branch added, reordered and made default, a parallel dissolved", () => {
    const t = emptyTree({ start: "发起人", end: "结束" });
    const cond = newBlock(t, "condition") as CondBlock;
    insertBlock(t, ROOT, 0, cond);
    const approver = newBlock(t, "approver");
    expect(approver.node.key).toBe("approver1");
    insertBlock(t, cond.branches[0]!.uid, 0, approver);
    insertBlock(t, ROOT, 1, newBlock(t, "cc"));
    addBranch(t, cond.uid, "b-new");
    expect(cond.branches.map((b) => b.condition)).toEqual(["", "", null]);
    cond.branches[0]!.condition = "form.amount > 1000";
    cond.branches[1]!.condition = "form.amount > 500";
    moveBranch(t, cond.uid, "b-new", -1);
    expect(cond.branches[0]!.uid).toBe("b-new");
    moveBranch(t, cond.uid, cond.branches[1]!.uid, 1); // the default stays last
    expect(cond.branches[2]!.condition).toBeNull();

    const g = toGraph(t);
    expect(g.edges).toEqual([
      { from: "start", to: "cond1" },
      { from: "cond1", to: "cc1", condition: "form.amount > 500" },
      { from: "cond1", to: "approver1", condition: "form.amount > 1000" },
      { from: "cond1", to: "cc1", condition: null },
      { from: "approver1", to: "cc1" },
      { from: "cc1", to: "end" },
    ]);
    // every edge names its owner: the branch it starts, or the node it leaves
    expect(g.edgeOwners[2]).toBe(cond.branches[1]!.uid);

    makeDefault(t, cond.uid, cond.branches[0]!.uid);
    expect(cond.branches.map((b) => b.condition)).toEqual(["form.amount > 1000", "", null]);
    const par = newBlock(t, "parallel") as ParBlock;
    insertBlock(t, ROOT, 2, par);
    insertBlock(t, par.branches[1]!.uid, 0, newBlock(t, "approver"));
    removeBranch(t, par.uid, par.branches[0]!.uid);
    // one branch left: the split is gone and its branch's blocks take its place
    expect(t.blocks.map((b) => b.node.key)).toEqual(["cond1", "cc1", "approver2"]);
    removeBlock(t, cond.uid);
    expect(toGraph(t).nodes.map((n) => n.key)).toEqual(["start", "cc1", "approver2", "end"]);
  });

  it("keeps nodes the tree cannot place as extras, with their edges, and places the API's problems", () => {
    const nodes: ApprovalNode[] = [{ key: "start", type: "start" }, { key: "a", type: "approver" }, { key: "lost", type: "approver" }, { key: "end", type: "end" }];
    const t = fromGraph(nodes, [{ from: "start", to: "a" }, { from: "a", to: "end" }, { from: "lost", to: "end" }]);
    expect(t.extras.map((n) => n.node.key)).toEqual(["lost"]);
    const g = toGraph(t);
    expect(g.edges).toEqual([{ from: "start", to: "a" }, { from: "a", to: "end" }, { from: "lost", to: "end" }]);
    const placed = placeIssues(g, [
      { field: "nodes[3]", message: "unreachable" }, // extras come last: start, a, end, lost
      { field: "nodes[1].approvers", message: "required" },
      { field: "edges.2.to", message: "edge" },
      { field: "form[0].options", message: "options" },
      { field: "edges", message: "cycle" },
    ]);
    expect(placed.at.get(t.extras[0]!.uid)?.map((x) => x.message)).toEqual(["unreachable", "edge"]);
    expect(placed.at.get(t.blocks[0]!.uid)?.map((x) => x.field)).toEqual(["nodes.1.approvers"]);
    expect(placed.form.get(0)?.map((x) => x.message)).toEqual(["options"]);
    expect(placed.general.map((x) => x.message)).toEqual(["cycle"]);
  });

  it("flags a conditional branch left without its condition", () => {
    const t = emptyTree({ start: "s", end: "e" });
    const cond = newBlock(t, "condition") as CondBlock;
    insertBlock(t, ROOT, 0, cond);
    const g = toGraph(t);
    const found = localIssues(g, { conditionEmpty: "empty" });
    expect(found).toEqual([{ field: "edges.1.condition", message: "empty" }]);
    expect(placeIssues(g, found).at.get(cond.branches[0]!.uid)).toHaveLength(1);
  });
});

describe("approval form designer model", () => {
  const words = { label: "字段", option: (n: number) => `选项${n}`, column: "项目" };

  it("gives a new field a free key and what its type needs, and keeps what still applies on a type change", () => {
    const form = [newField("money", [], words)];
    form.push(newField("money", form, words));
    expect(form.map((f) => f.key)).toEqual(["money_1", "money_2"]);
    expect(newField("select", form, words).options).toEqual(["选项1", "选项2"]);
    expect(newField("table", form, words).columns).toEqual([{ key: "item", type: "text", label: "项目", required: false }]);
    const amount = { ...form[0]!, label: "金额", required: true, min: 1, max: 5000 };
    expect(retype(amount, "number", words)).toEqual({ key: "money_1", type: "number", label: "金额", required: true, min: 1, max: 5000 });
    expect(retype(amount, "date", words)).toEqual({ key: "money_1", type: "date", label: "金额", required: true });
    expect(move(form, 0, 1)).toBe(true);
    expect(form.map((f) => f.key)).toEqual(["money_2", "money_1"]);
    expect(move(form, 1, 1)).toBe(false);
  });

  it("edits a field in place: the same objects, a dropped setting gone, columns matched by position", () => {
    const field = { key: "items", type: "table", label: "明细", required: false, min: 1, columns: [{ key: "a", type: "text", label: "A" }, { key: "b", type: "text", label: "B" }] } as Record<string, unknown>;
    const columns = field.columns as object[];
    const first = columns[0];
    assignInPlace(field, { key: "items", type: "table", label: "费用明细", required: true, columns: [{ key: "a", type: "money", label: "金额" }] });
    expect(field).toEqual({ key: "items", type: "table", label: "费用明细", required: true, columns: [{ key: "a", type: "money", label: "金额" }] });
    expect(field.columns).toBe(columns);
    expect(columns[0]).toBe(first);
  });
});

describe("approval designer words", () => {
  it("has zh-CN and en for every key built from the contract's lists", () => {
    const keys = [
      ...APPROVAL_NODE_TYPES.map((t) => `apd.node_type.${t}`), ...APPROVAL_MODES.map((m) => `apd.mode.${m}`), ...APPROVAL_MODES.map((m) => `apd.mode_short.${m}`),
      ...ON_EMPTY.map((o) => `apd.on_empty.${o}`), ...APPROVER_TYPES.map((t) => `apd.rule_type.${t}`), ...TIMEOUT_ACTIONS.map((a) => `apd.timeout_action.${a}`),
      ...DEFINITION_STATUSES.map((s) => `apd.status.${s}`), ...HOOK_EVENTS.map((e) => `apd.hooks.on_${e}`), ...FORM_FIELD_TYPES.map((t) => `apf.type.${t}`),
    ];
    expect(keys.filter((k) => translate("zh-CN", k) === k || translate("en", k) === k)).toEqual([]);
  });
});
