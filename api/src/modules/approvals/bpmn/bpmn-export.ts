import { BpmnModdle, type Moddle, type ModdleElement } from "./moddle.ts";
import type { ApprovalEdge, ApprovalHook, ApprovalNode, ApproverRule, DefinitionSettings, FormField, NodeTimeout } from "@ops/shared/contracts/approvals.ts";
import { opsDescriptor } from "./ops-descriptor.ts";

/** What a BPMN file holds of a definition: the draft's or a published version's content. */
export type BpmnSource = {
  key: string; name: string; description: string; form: FormField[]; nodes: ApprovalNode[]; edges: ApprovalEdge[]; settings: DefinitionSettings; hooks?: ApprovalHook[];
};

export const BPMN_TARGET_NAMESPACE = "https://ops.dev/approvals";

export const newModdle = () => new BpmnModdle({ ops: opsDescriptor });

/** BPMN element type per node type (parallel and join are both parallel gateways, told apart by direction). */
const ELEMENT: Record<ApprovalNode["type"], string> = {
  start: "bpmn:StartEvent", end: "bpmn:EndEvent", approver: "bpmn:UserTask", cc: "bpmn:SendTask",
  condition: "bpmn:ExclusiveGateway", parallel: "bpmn:ParallelGateway", join: "bpmn:ParallelGateway", subprocess: "bpmn:CallActivity",
};

/** Drops undefined attributes, so absent settings are not written as empty ones. */
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));

function rule(m: Moddle, type: string, r: ApproverRule): ModdleElement {
  return m.create(type, defined({ type: r.type, users: r.users?.length ? r.users.join(" ") : undefined, role: r.role, level: r.level, field: r.field }));
}

function timeout(m: Moddle, t: NodeTimeout): ModdleElement {
  return m.create("ops:Timeout", defined({ afterMinutes: t.after_minutes, action: t.action, escalateTo: t.escalate_to ? rule(m, "ops:EscalateTo", t.escalate_to) : undefined }));
}

function field(m: Moddle, type: string, f: FormField): ModdleElement {
  return m.create(type, defined({
    key: f.key, type: f.type, label: f.label, required: f.required ? true : undefined, min: f.min, max: f.max,
    options: f.options?.map((value) => m.create("ops:Option", { value })),
    columns: f.columns?.map((c) => field(m, "ops:Column", c)),
  }));
}

function extensions(m: Moddle, values: ModdleElement[]): ModdleElement | undefined {
  return values.length ? m.create("bpmn:ExtensionElements", { values }) : undefined;
}

function nodeElement(m: Moddle, n: ApprovalNode): ModdleElement {
  const ext: ModdleElement[] = [];
  if (n.type === "approver") {
    ext.push(m.create("ops:Approval", defined({
      mode: n.mode, ratio: n.ratio, onEmpty: n.on_empty, approvers: n.approvers ? rule(m, "ops:Approvers", n.approvers) : undefined,
      timeout: n.timeout ? timeout(m, n.timeout) : undefined,
    })));
  }
  if (n.type === "cc" && n.cc) ext.push(m.create("ops:Cc", { recipients: rule(m, "ops:Recipients", n.cc) }));
  const sub = n.type === "subprocess" ? n.subprocess : undefined;
  if (sub && (sub.title || Object.keys(sub.form ?? {}).length)) {
    ext.push(m.create("ops:Subprocess", defined({ title: sub.title, mappings: Object.entries(sub.form ?? {}).map(([f, value]) => m.create("ops:Map", { field: f, value })) })));
  }
  const direction = n.type === "join" ? "Converging" : n.type === "parallel" || n.type === "condition" ? "Diverging" : undefined;
  return m.create(ELEMENT[n.type], defined({ id: n.key, name: n.name, gatewayDirection: direction, calledElement: sub?.definition, extensionElements: extensions(m, ext) }));
}

function processExtensions(m: Moddle, def: BpmnSource): ModdleElement | undefined {
  const values = [
    m.create("ops:Form", { fields: def.form.map((f) => field(m, "ops:Field", f)) }),
    m.create("ops:Settings", { allowWithdraw: def.settings.allow_withdraw, dedupe: def.settings.dedupe }),
    ...(def.hooks ?? []).map((h) => m.create("ops:Hook", {
      on: h.on, runType: h.run.type, ref: h.run.ref, params: Object.entries(h.params).map(([name, value]) => m.create("ops:Param", { name, value })),
    })),
  ];
  return extensions(m, values);
}

/**
 * A definition as BPMN 2.0 XML: one process (id = the key), a flow element per node (id = the node
 * key), a sequence flow per edge (`Flow_<n>` in edge order) with the condition as its
 * conditionExpression and the condition's default flow as the gateway's `default`. Incoming and
 * outgoing are filled here (bpmn-moddle does not derive them). No diagram (DI) section.
 */
export async function toBpmnXml(def: BpmnSource): Promise<string> {
  const m = newModdle();
  const byKey = new Map(def.nodes.map((n) => [n.key, nodeElement(m, n)]));
  const flows = def.edges.map((e, i) => {
    const source = byKey.get(e.from);
    const target = byKey.get(e.to);
    const flow = m.create("bpmn:SequenceFlow", defined({
      id: `Flow_${i + 1}`, sourceRef: source, targetRef: target,
      conditionExpression: e.condition ? m.create("bpmn:FormalExpression", { body: e.condition }) : undefined,
    }));
    if (source) source.outgoing = [...((source.outgoing as ModdleElement[] | undefined) ?? []), flow];
    if (target) target.incoming = [...((target.incoming as ModdleElement[] | undefined) ?? []), flow];
    return { edge: e, flow };
  });
  for (const n of def.nodes) {
    if (n.type !== "condition") continue;
    const fallback = flows.find((f) => f.edge.from === n.key && !f.edge.condition);
    if (fallback) byKey.get(n.key)!.default = fallback.flow;
  }
  const process = m.create("bpmn:Process", defined({
    id: def.key, name: def.name, isExecutable: true,
    documentation: def.description ? [m.create("bpmn:Documentation", { text: def.description })] : undefined,
    extensionElements: processExtensions(m, def),
    flowElements: [...byKey.values(), ...flows.map((f) => f.flow)],
  }));
  const definitions = m.create("bpmn:Definitions", {
    id: `Definitions_${def.key.replace(/[^A-Za-z0-9_]/g, "_")}`, targetNamespace: BPMN_TARGET_NAMESPACE, exporter: "OPS", exporterVersion: "1", rootElements: [process],
  });
  const { xml } = await m.toXML(definitions, { format: true });
  return xml;
}
