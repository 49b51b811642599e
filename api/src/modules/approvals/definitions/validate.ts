import type { FieldError } from "@ops/shared";
import type { ApprovalEdge, ApprovalNode, ApproverRule, FormField } from "@ops/shared/contracts/approvals.ts";
import { conditionProblem } from "../../../platform/expression.ts";
import { checkSubprocess, type PublishedLookup } from "./validate-subprocess.ts";

const FORM_ROOT: ReadonlySet<string> = new Set(["form"]);
const NO_NODES: ReadonlySet<string> = new Set();

export type Graph = { form: FormField[]; nodes: ApprovalNode[]; edges: ApprovalEdge[] };
/** Which named users and roles exist (the store's answer), for approver rules that name them. */
export type Lookups = {
  missingUsers(ids: string[]): Promise<string[]>;
  roleExists(idOrCode: string): Promise<boolean>;
  /** how many active people a rule names today: named users and role members; null for rules that resolve per instance */
  activeCount?(rule: ApproverRule): Promise<number | null>;
  /** a published definition's current version (subprocess nodes); null when unknown, unpublished or archived */
  published?: PublishedLookup;
};

/** Checks every save makes: keys unique, edges between known nodes, form fields well formed. */
export function checkShape(g: Graph): FieldError[] {
  const errors: FieldError[] = [];
  const formKeys = new Set<string>();
  g.form.forEach((f, i) => {
    if (formKeys.has(f.key)) errors.push({ field: `form[${i}].key`, message: "approvals.field_key_taken", params: { key: f.key } });
    formKeys.add(f.key);
    if (f.type === "select" && !f.options?.length) errors.push({ field: `form[${i}].options`, message: "approvals.select_needs_options" });
    if (f.type === "table" && !f.columns?.length) errors.push({ field: `form[${i}].columns`, message: "approvals.table_needs_columns" });
  });
  const keys = new Set<string>();
  g.nodes.forEach((n, i) => {
    if (keys.has(n.key)) errors.push({ field: `nodes[${i}].key`, message: "approvals.node_key_taken", params: { key: n.key } });
    keys.add(n.key);
  });
  g.edges.forEach((e, i) => {
    if (!keys.has(e.from)) errors.push({ field: `edges[${i}].from`, message: "approvals.edge_dangling", params: { key: e.from } });
    if (!keys.has(e.to)) errors.push({ field: `edges[${i}].to`, message: "approvals.edge_dangling", params: { key: e.to } });
    const fromType = g.nodes.find((n) => n.key === e.from)?.type;
    if (e.condition && fromType && fromType !== "condition") errors.push({ field: `edges[${i}].condition`, message: "approvals.condition_not_branch" });
    if (e.condition) {
      const problem = conditionProblem(e.condition, NO_NODES, FORM_ROOT);
      // a field the form does not have would make the branch silently false
      const unknown = [...e.condition.matchAll(/\bform\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!).filter((k) => !formKeys.has(k));
      if (problem) errors.push({ field: `edges[${i}].condition`, message: "approvals.condition_syntax", params: problem.params });
      else if (unknown.length) errors.push({ field: `edges[${i}].condition`, message: "approvals.condition_unknown_field", params: { key: unknown.join(", ") } });
    }
  });
  return errors;
}

/** What publishing adds: one start, an end, every node reachable and able to finish, branches with a default, approver rules complete. */
export async function checkPublishable(g: Graph, lookups: Lookups, selfKey?: string): Promise<FieldError[]> {
  const errors = checkShape(g);
  if (errors.length) return errors;
  const starts = g.nodes.filter((n) => n.type === "start");
  if (starts.length !== 1) errors.push({ field: "nodes", message: "approvals.start_count" });
  if (!g.nodes.some((n) => n.type === "end")) errors.push({ field: "nodes", message: "approvals.end_missing" });
  const out = (key: string) => g.edges.filter((e) => e.from === key);
  const reached = new Set<string>();
  const stack = starts.map((s) => s.key);
  while (stack.length) {
    const k = stack.pop()!;
    if (reached.has(k)) continue;
    reached.add(k);
    for (const e of out(k)) stack.push(e.to);
  }
  if (hasCycle(g)) errors.push({ field: "edges", message: "approvals.cycle" });
  for (const [i, n] of g.nodes.entries()) {
    const f = `nodes[${i}]`;
    const exits = out(n.key);
    if (starts.length === 1 && !reached.has(n.key)) errors.push({ field: f, message: "approvals.node_unreachable", params: { key: n.key } });
    if (n.type !== "end" && exits.length === 0) errors.push({ field: f, message: "approvals.node_dead_end", params: { key: n.key } });
    if (["start", "approver", "cc", "join", "subprocess"].includes(n.type) && exits.length > 1) errors.push({ field: f, message: "approvals.node_one_exit", params: { key: n.key } });
    if (n.type === "condition" && exits.length > 0 && exits.filter((e) => !e.condition).length !== 1) {
      errors.push({ field: f, message: "approvals.condition_no_default", params: { key: n.key } });
    }
    if (n.type === "approver") {
      if (!n.approvers) errors.push({ field: `${f}.approvers`, message: "validation.required" });
      else {
        const ruleErrors = await checkRule(n.approvers, `${f}.approvers`, g.form, lookups);
        errors.push(...ruleErrors);
        // a rule that names nobody today is refused unless the designer chose what happens then
        if (!ruleErrors.length && n.on_empty === undefined && (await lookups.activeCount?.(n.approvers)) === 0) {
          errors.push({ field: `${f}.approvers`, message: "approvals.rule_resolves_nobody" });
        }
      }
      if (n.mode === "ratio" && !n.ratio) errors.push({ field: `${f}.ratio`, message: "approvals.ratio_required" });
    }
    if (n.timeout) errors.push(...(await checkTimeout(n, f, g.form, lookups)));
    if (n.type === "subprocess" || n.subprocess) errors.push(...(await checkSubprocess(n, f, g.form, lookups.published, selfKey)));
    if (n.type === "cc") {
      if (!n.cc) errors.push({ field: `${f}.cc`, message: "validation.required" });
      else errors.push(...(await checkRule(n.cc, `${f}.cc`, g.form, lookups)));
    }
  }
  return errors;
}

/** A timeout sits on an approver node; escalate names who gets the task, checked like approvers. */
async function checkTimeout(n: ApprovalNode, f: string, form: FormField[], lookups: Lookups): Promise<FieldError[]> {
  if (n.type !== "approver") return [{ field: `${f}.timeout`, message: "approvals.timeout_not_approver" }];
  const t = n.timeout!;
  if (t.action !== "escalate") return t.escalate_to ? [{ field: `${f}.timeout.escalate_to`, message: "approvals.timeout_escalate_only" }] : [];
  if (!t.escalate_to) return [{ field: `${f}.timeout.escalate_to`, message: "approvals.timeout_escalate_to" }];
  return checkRule(t.escalate_to, `${f}.timeout.escalate_to`, form, lookups);
}

/** A rule that could only ever resolve to nobody for lack of configuration. */
async function checkRule(rule: ApproverRule, field: string, form: FormField[], lookups: Lookups): Promise<FieldError[]> {
  switch (rule.type) {
    case "users": {
      if (!rule.users?.length) return [{ field: `${field}.users`, message: "approvals.rule_users_empty" }];
      const missing = await lookups.missingUsers(rule.users);
      return missing.length ? [{ field: `${field}.users`, message: "approvals.rule_user_unknown", params: { users: missing.join(", ") } }] : [];
    }
    case "role":
      if (!rule.role) return [{ field: `${field}.role`, message: "validation.required" }];
      return (await lookups.roleExists(rule.role)) ? [] : [{ field: `${field}.role`, message: "approvals.rule_role_unknown", params: { role: rule.role } }];
    case "form_field": {
      const f = form.find((x) => x.key === rule.field);
      return f && f.type === "user" ? [] : [{ field: `${field}.field`, message: "approvals.rule_field_not_user", params: { key: rule.field ?? "" } }];
    }
    default:
      return [];
  }
}

function hasCycle(g: Graph): boolean {
  const indegree = new Map(g.nodes.map((n) => [n.key, 0]));
  for (const e of g.edges) indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
  const queue = [...indegree].filter(([, d]) => d === 0).map(([k]) => k);
  let seen = 0;
  while (queue.length) {
    const k = queue.shift()!;
    seen++;
    for (const e of g.edges.filter((x) => x.from === k)) {
      const d = indegree.get(e.to)! - 1;
      indegree.set(e.to, d);
      if (d === 0) queue.push(e.to);
    }
  }
  return seen < g.nodes.length;
}
