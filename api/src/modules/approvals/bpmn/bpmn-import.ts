import type { ModdleElement } from "./moddle.ts";
import { AppError, badRequest, type FieldError } from "@ops/shared";
import type { ApprovalEdge, ApprovalNode, ApproverRule, FormField } from "@ops/shared/contracts/approvals.ts";
import { newModdle } from "./bpmn-export.ts";

/** A definition body read from BPMN (checked by the definition schema next, then saved as a draft). */
export type ImportedBody = {
  key: string; name: string; description: string; form: unknown[]; nodes: unknown[]; edges: ApprovalEdge[];
  settings?: { allow_withdraw?: boolean; dedupe?: boolean }; hooks: unknown[];
};

/** Elements of a process that map to nodes; anything else in flowElements is refused (422). */
const SUPPORTED = new Set(["bpmn:StartEvent", "bpmn:EndEvent", "bpmn:UserTask", "bpmn:SendTask", "bpmn:ExclusiveGateway", "bpmn:ParallelGateway", "bpmn:CallActivity", "bpmn:SequenceFlow"]);

const list = (v: unknown) => (Array.isArray(v) ? (v as ModdleElement[]) : []);
const ext = (el: ModdleElement, type: string) => list((el.extensionElements as ModdleElement | undefined)?.values).find((v) => v.$type === type);
const defined = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;

const unprocessable = (code: string, errors: FieldError[]) => new AppError(code, { status: 422, errors, params: errors[0]?.params });

/** The parser's words: "unparsable content </x> detected\n\tline: 4\n\tcolumn: 0\n\tnested error: closing tag mismatch" (0-based line). */
function malformed(e: unknown): AppError {
  const text = String((e as Error)?.message ?? e);
  const line = Number(text.match(/line:\s*(\d+)/)?.[1] ?? 0) + 1;
  const column = Number(text.match(/column:\s*(\d+)/)?.[1] ?? 0) + 1;
  const reason = (text.match(/nested error:\s*(.+)/)?.[1] ?? text.split("\n")[0] ?? "").trim().slice(0, 200);
  return badRequest("approvals.bpmn_malformed", [{ field: "xml", message: "approvals.bpmn_malformed", params: { line, column, reason } }], { line, column, reason });
}

function rule(el: ModdleElement | undefined): ApproverRule | undefined {
  if (!el) return undefined;
  const users = typeof el.users === "string" ? el.users.split(/[\s,]+/).filter(Boolean) : undefined;
  return defined({ type: el.type, users: users?.length ? users : undefined, role: el.role, level: el.level, field: el.field }) as ApproverRule;
}

function field(el: ModdleElement): FormField {
  const options = list(el.options).map((o) => String(o.value ?? ""));
  const columns = list(el.columns).map(field);
  return defined({
    key: el.key, type: el.type, label: el.label, required: el.required === true, min: el.min, max: el.max,
    options: options.length ? options : undefined, columns: columns.length ? columns : undefined,
  }) as FormField;
}

/** A BPMN id as a node key (`^[A-Za-z][A-Za-z0-9_]{0,39}$`), unique among the keys taken. */
function keyOf(id: string, taken: Set<string>): string {
  let base = id.replace(/[^A-Za-z0-9_]/g, "_");
  if (!/^[A-Za-z]/.test(base)) base = `n_${base}`;
  base = base.slice(0, 40);
  let key = base;
  for (let i = 2; taken.has(key); i++) key = `${base.slice(0, 40 - String(i).length - 1)}_${i}`;
  taken.add(key);
  return key;
}

/** A process id as a definition key (`^[a-z][a-z0-9_-]{1,62}$`): lower case, other characters as `-`. */
export function definitionKeyOf(id: string): string {
  let key = id.toLowerCase().replace(/[^a-z0-9_-]/g, "-").slice(0, 63);
  if (!/^[a-z]/.test(key)) key = `p-${key}`.slice(0, 63);
  return key.length < 2 ? `${key}-1` : key;
}

function direction(el: ModdleElement): "in" | "out" {
  const d = el.gatewayDirection;
  if (d === "Converging") return "in";
  if (d === "Diverging") return "out";
  return list(el.incoming).length > 1 && list(el.outgoing).length <= 1 ? "in" : "out";
}

function node(el: ModdleElement, key: string): ApprovalNode | null {
  const name = typeof el.name === "string" && el.name.trim() ? el.name.trim().slice(0, 100) : undefined;
  switch (el.$type) {
    case "bpmn:StartEvent": return defined({ key, type: "start", name }) as ApprovalNode;
    case "bpmn:EndEvent": return defined({ key, type: "end", name }) as ApprovalNode;
    case "bpmn:SendTask": return defined({ key, type: "cc", name, cc: rule(ext(el, "ops:Cc")?.recipients as ModdleElement | undefined) }) as ApprovalNode;
    case "bpmn:ParallelGateway": return defined({ key, type: direction(el) === "in" ? "join" : "parallel", name }) as ApprovalNode;
    case "bpmn:ExclusiveGateway": return defined({ key, type: "condition", name }) as ApprovalNode;
    case "bpmn:CallActivity": {
      // calledElement names the child definition by key; the mapping rides in ops:subprocess
      const sub = ext(el, "ops:Subprocess");
      const form = Object.fromEntries(list(sub?.mappings).map((x) => [String(x.field ?? ""), String(x.value ?? "")]));
      return defined({
        key, type: "subprocess", name,
        subprocess: defined({ definition: typeof el.calledElement === "string" ? el.calledElement : "", title: sub?.title, form: Object.keys(form).length ? form : undefined }),
      }) as ApprovalNode;
    }
    case "bpmn:UserTask": {
      const a = ext(el, "ops:Approval");
      const t = a?.timeout as ModdleElement | undefined;
      return defined({
        key, type: "approver", name, mode: a?.mode, ratio: a?.ratio, on_empty: a?.onEmpty, approvers: rule(a?.approvers as ModdleElement | undefined),
        timeout: t ? defined({ after_minutes: t.afterMinutes, action: t.action, escalate_to: rule(t.escalateTo as ModdleElement | undefined) }) : undefined,
      }) as ApprovalNode;
    }
    default: return null;
  }
}

/** The one process holding flow elements; else 422. */
function theProcess(root: ModdleElement): ModdleElement {
  const processes = list(root.rootElements).filter((e) => e.$type === "bpmn:Process");
  const withFlow = processes.filter((p) => list(p.flowElements).length > 0);
  if (withFlow.length === 1) return withFlow[0]!;
  if (withFlow.length > 1) throw unprocessable("approvals.bpmn_many_processes", [{ field: "xml", message: "approvals.bpmn_many_processes", params: { ids: withFlow.map((p) => p.id).join(", ") } }]);
  throw unprocessable("approvals.bpmn_no_process", [{ field: "xml", message: "approvals.bpmn_no_process" }]);
}

/** An element that is neither a supported node, a sequence flow, nor a plain start/end event (timer, message, terminate … events). */
function unsupported(elements: ModdleElement[]): FieldError[] {
  return elements.filter((el) => !SUPPORTED.has(el.$type) || list(el.eventDefinitions).length > 0).map((el) => {
    const type = list(el.eventDefinitions).length ? `${el.$type} (${list(el.eventDefinitions).map((d) => d.$type).join(", ")})` : el.$type;
    return { field: `xml.${el.id ?? el.$type}`, message: "approvals.bpmn_unsupported", params: { id: el.id ?? "", type } };
  });
}

/**
 * BPMN 2.0 XML → a definition body. Malformed XML is 400 naming the parser's line; a reference to
 * nothing, an element outside the supported subset or no single process is 422 naming the element.
 * A diagram (DI) section and other vendors' extensions are ignored. A converging exclusive gateway
 * (a merge, which the engine does not need) is dropped: the flows into it go to where it leads.
 */
export async function fromBpmnXml(xml: string): Promise<ImportedBody> {
  const m = newModdle();
  let parsed: Awaited<ReturnType<typeof m.fromXML>>;
  try {
    parsed = await m.fromXML(xml);
  } catch (e) {
    throw malformed(e);
  }
  if (parsed.rootElement?.$type !== "bpmn:Definitions") throw badRequest("approvals.bpmn_malformed", [{ field: "xml", message: "approvals.bpmn_not_definitions" }]);
  const unresolved = parsed.warnings.filter((w) => /unresolved reference/.test(w.message));
  if (unresolved.length) {
    throw unprocessable("approvals.bpmn_unresolved", unresolved.map((w) => ({
      field: `xml.${w.element?.id ?? ""}`, message: "approvals.bpmn_unresolved", params: { id: w.element?.id ?? "", ref: String(w.message.match(/<(.*)>/)?.[1] ?? w.value ?? "") },
    })));
  }
  const process = theProcess(parsed.rootElement);
  const elements = list(process.flowElements);
  const refused = unsupported(elements);
  if (refused.length) throw unprocessable("approvals.bpmn_unsupported", refused);

  const merges = new Set(elements.filter((el) => el.$type === "bpmn:ExclusiveGateway" && direction(el) === "in" && list(el.outgoing).length === 1));
  const taken = new Set<string>();
  const keys = new Map<ModdleElement, string>();
  const nodes: ApprovalNode[] = [];
  for (const el of elements) {
    if (el.$type === "bpmn:SequenceFlow" || merges.has(el)) continue;
    const key = keyOf(el.id ?? el.$type, taken);
    keys.set(el, key);
    nodes.push(node(el, key)!);
  }
  const flows = elements.filter((el) => el.$type === "bpmn:SequenceFlow");
  // where a flow really ends: through any merges to the first element that is a node
  const targetOf = (el: ModdleElement | undefined, seen = new Set<ModdleElement>()): ModdleElement | undefined => {
    if (!el || !merges.has(el) || seen.has(el)) return el;
    seen.add(el);
    return targetOf(list(el.outgoing)[0]?.targetRef as ModdleElement | undefined, seen);
  };
  const edges: ApprovalEdge[] = flows.filter((f) => !merges.has(f.sourceRef as ModdleElement)).map((f) => {
    const source = f.sourceRef as ModdleElement;
    const target = targetOf(f.targetRef as ModdleElement);
    const isDefault = source.default === f;
    const body = (f.conditionExpression as ModdleElement | undefined)?.body;
    const condition = !isDefault && typeof body === "string" && body.trim() ? body.trim() : null;
    return { from: keys.get(source) ?? String(source.id), to: keys.get(target!) ?? String(target?.id), ...(condition ? { condition } : {}) };
  });

  const form = ext(process, "ops:Form");
  const settings = ext(process, "ops:Settings");
  const hooks = list((process.extensionElements as ModdleElement | undefined)?.values).filter((v) => v.$type === "ops:Hook").map((h) => ({
    on: h.on, run: { type: h.runType, ref: h.ref }, params: Object.fromEntries(list(h.params).map((p) => [String(p.name ?? ""), String(p.value ?? "")])),
  }));
  const id = String(process.id ?? "process");
  const description = list(process.documentation).map((d) => String(d.text ?? "")).join("\n").trim();
  return {
    key: definitionKeyOf(id), name: (typeof process.name === "string" && process.name.trim()) || id, description, form: list(form?.fields).map(field), nodes, edges,
    ...(settings ? { settings: defined({ allow_withdraw: settings.allowWithdraw as boolean | undefined, dedupe: settings.dedupe as boolean | undefined }) } : {}), hooks,
  };
}
