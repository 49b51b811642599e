import type { ApprovalEdge, ApprovalNode, FormField } from "@ops/shared/contracts/approvals.ts";
import { batch, createEffect, createMemo, createSignal, on, onCleanup } from "solid-js";
import { createStore, produce } from "solid-js/store";
import { approvalDefinitionsApi } from "../../data/approval-definitions.ts";
import { isApiError } from "../../data/api-error.ts";
import { tr } from "../../providers/i18n.ts";
import { localIssues, mergeIssues, normalizeField, placeIssues, type Issue } from "./approval-issues.ts";
import { fromGraph, newBlock, newUid, toGraph, type Tree } from "./approval-model.ts";
import { addBranch, findNode, insertBlock, makeDefault, moveBranch, removeBlock, removeBranch } from "./tree-edit.ts";

const CHECK_DELAY_MS = 400;

export type BlockType = "approver" | "cc" | "subprocess" | "condition" | "parallel";
/** What the sheet edits: a node (by uid) or a condition's branch. */
export type Selection = { kind: "node"; uid: string } | { kind: "branch"; block: string; branch: string } | null;

const defaultNames = () => ({
  start: tr("apd.node_type.start"), end: tr("apd.node_type.end"), approver: tr("apd.node_type.approver"), cc: tr("apd.node_type.cc"),
  condition: tr("apd.node_type.condition"), parallel: tr("apd.node_type.parallel"), join: tr("apd.node_type.join"), subprocess: tr("apd.node_type.subprocess"),
});

/**
 * The definition being designed: the tree (a Solid store) and the form's fields, the selection,
 * and the problems. Every change is checked at once locally and, 400 ms after the last change, by
 * `POST /approval-definitions/validate` (the publish checks); an answer counts only for the graph
 * it was asked about. `check()` asks at once (the 校验 button); a save's or publish's field errors
 * join the same list. Read-only (a past version) makes no requests.
 */
export function createApprovalDesign(initial: { form: FormField[]; nodes: ApprovalNode[]; edges: ApprovalEdge[] }, opts: { check: boolean }) {
  const names = defaultNames();
  const [state, setState] = createStore<{ tree: Tree; form: FormField[] }>({ tree: fromGraph(initial.nodes, initial.edges, names), form: JSON.parse(JSON.stringify(initial.form)) as FormField[] });
  const [selected, setSelected] = createSignal<Selection>(null);
  const [server, setServer] = createSignal<{ asked: string; issues: Issue[] }>({ asked: "", issues: [] });
  const [checking, setChecking] = createSignal(false);
  const graph = createMemo(() => toGraph(state.tree));
  const body = () => ({ form: JSON.parse(JSON.stringify(state.form)) as FormField[], nodes: graph().nodes, edges: graph().edges });
  const logical = createMemo(() => JSON.stringify(body()));
  const answer = (asked: string, errors: Issue[]) => logical() === asked && setServer({ asked, issues: errors.map((e) => ({ ...e, field: normalizeField(e.field) })) });

  /** the API's check now; resolves to the problems (or null when it could not run) */
  const check = async (): Promise<Issue[] | null> => {
    const asked = logical();
    setChecking(true);
    try {
      const r = await approvalDefinitionsApi.validate(body());
      answer(asked, r.ok ? [] : r.errors);
      return r.ok ? [] : r.errors;
    } catch (e) {
      // a malformed body (a bad key, an empty condition) is refused as a 400 naming its fields too
      if (isApiError(e) && e.status === 400) {
        answer(asked, e.errors);
        return e.errors;
      }
      return null;
    } finally {
      setChecking(false);
    }
  };

  if (opts.check) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    createEffect(on(logical, () => {
      clearTimeout(timer);
      timer = setTimeout(() => void check(), CHECK_DELAY_MS);
    }));
    onCleanup(() => clearTimeout(timer));
  }

  const issues = createMemo(() => {
    const local = localIssues(graph(), { conditionEmpty: tr("apd.issue.condition_empty") });
    return mergeIssues(server().asked === logical() ? server().issues : [], local);
  });
  const placed = createMemo(() => placeIssues(graph(), issues()));
  const edit = (fn: (t: Tree) => void) => setState("tree", produce(fn));

  return {
    state,
    graph,
    body,
    issues,
    placed,
    checking,
    check,
    selected,
    select: setSelected,
    node: (uid: string) => findNode(state.tree, uid),
    /** index of a node in the graph (the API's `nodes[i]`) */
    indexOf: (uid: string) => graph().nodeUids.indexOf(uid),
    /** a save's or publish's 400: its field errors stand for the definition as it is now */
    showErrors: (errors: Issue[]) => setServer({ asked: logical(), issues: errors.map((e) => ({ ...e, field: normalizeField(e.field) })) }),
    insert(owner: string, index: number, type: BlockType) {
      const block = newBlock(state.tree, type, names);
      batch(() => {
        edit((t) => void insertBlock(t, owner, index, block));
        setSelected(type === "condition" && block.kind === "condition" ? { kind: "branch", block: block.uid, branch: block.branches[0]!.uid } : { kind: "node", uid: block.uid });
      });
    },
    remove(uid: string) {
      batch(() => {
        edit((t) => removeBlock(t, uid));
        setSelected(null);
      });
    },
    patch(uid: string, fields: Partial<ApprovalNode>) {
      edit((t) => {
        const n = findNode(t, uid);
        if (!n) return;
        for (const [k, v] of Object.entries(fields)) {
          if (v === undefined) delete (n.node as Record<string, unknown>)[k];
          else (n.node as Record<string, unknown>)[k] = v;
        }
      });
    },
    addBranch(block: string) {
      const uid = newUid();
      batch(() => {
        edit((t) => addBranch(t, block, uid));
        setSelected({ kind: "branch", block, branch: uid });
      });
    },
    removeBranch(block: string, branch: string) {
      batch(() => {
        edit((t) => removeBranch(t, block, branch));
        setSelected(null);
      });
    },
    moveBranch: (block: string, branch: string, delta: -1 | 1) => edit((t) => moveBranch(t, block, branch, delta)),
    makeDefault: (block: string, branch: string) => edit((t) => makeDefault(t, block, branch)),
    setCondition(block: string, branch: string, condition: string) {
      edit((t) => {
        const b = findNode(t, block) as { branches?: Array<{ uid: string; condition: string | null }> } | undefined;
        const br = b?.branches?.find((x) => x.uid === branch);
        if (br && br.condition !== null) br.condition = condition;
      });
    },
    setForm: (fn: (form: FormField[]) => void) => setState("form", produce(fn)),
  };
}

export type ApprovalDesignState = ReturnType<typeof createApprovalDesign>;
