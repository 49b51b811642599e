import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { shellJob } from "../../jobs/jobs.testkit.ts";
import { approvalsApi } from "../approvals.testkit.ts";

/** Every node type, a condition with its default, a parallel split and join, CC, a table field, settings. */
function fullDef(key: string, users: string[]) {
  return {
    key, name: "采购 <申请>", description: "采购 & 报销", settings: { allow_withdraw: false, dedupe: true },
    form: [
      { key: "amount", type: "money", label: "金额", required: true, min: 0, max: 1_000_000 },
      { key: "kind", type: "select", label: "类别", options: ["硬件", "软件, 服务"] },
      { key: "items", type: "table", label: "明细", columns: [{ key: "item", type: "text", label: "物品", required: true }, { key: "qty", type: "number", label: "数量" }] },
      { key: "buyer", type: "user", label: "采购人" },
    ],
    nodes: [
      { key: "start", type: "start", name: "发起" },
      { key: "lead", type: "approver", name: "主管", approvers: { type: "dept_head", level: 1 }, mode: "or", on_empty: "to_admin", timeout: { after_minutes: 60, action: "escalate", escalate_to: { type: "users", users } } },
      { key: "big", type: "condition", name: "金额判断" },
      { key: "split", type: "parallel" },
      { key: "fin", type: "approver", name: "财务", approvers: { type: "users", users }, mode: "ratio", ratio: 60 },
      { key: "it", type: "approver", name: "IT", approvers: { type: "form_field", field: "buyer" }, mode: "and" },
      { key: "merge", type: "join" },
      { key: "notify", type: "cc", name: "抄送", cc: { type: "role", role: "ops_manager" } },
      { key: "end", type: "end" },
    ],
    edges: [
      { from: "start", to: "lead" }, { from: "lead", to: "big" },
      { from: "big", to: "split", condition: "form.amount > 1000 && form.kind == '硬件'" }, { from: "big", to: "notify" },
      { from: "split", to: "fin" }, { from: "split", to: "it" }, { from: "fin", to: "merge" }, { from: "it", to: "merge" },
      { from: "merge", to: "notify" }, { from: "notify", to: "end" },
    ],
    hooks: [{ on: "approved", run: { type: "job", ref: "bpmn-job" }, params: { amount: "{form.amount}", who: "{initiator.username} <{instance.id}>" } }],
  };
}

const SHAPE = ["key", "name", "description", "form", "nodes", "edges", "settings", "hooks"] as const;
const shapeOf = (d: Record<string, unknown>) => Object.fromEntries(SHAPE.filter((k) => k !== "key").map((k) => [k, d[k]]));

/** What the Camunda Modeler saves: generated ids, a DI section, camunda: attributes, a converging exclusive gateway. */
const CAMUNDA = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:ops="https://ops.dev/schema/bpmn/approvals/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_1x" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler" exporterVersion="5.20.0">
  <bpmn:process id="Process_Leave-2" name="请假" isExecutable="true" camunda:historyTimeToLive="180">
    <bpmn:extensionElements><camunda:properties><camunda:property name="x" value="1" /></camunda:properties><ops:form><ops:field key="days" type="number" label="天数" required="true" /></ops:form></bpmn:extensionElements>
    <bpmn:startEvent id="StartEvent_1" camunda:initiator="me"><bpmn:outgoing>Flow_a</bpmn:outgoing></bpmn:startEvent>
    <bpmn:exclusiveGateway id="Gateway_0k1" default="Flow_c"><bpmn:incoming>Flow_a</bpmn:incoming><bpmn:outgoing>Flow_b</bpmn:outgoing><bpmn:outgoing>Flow_c</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:userTask id="Activity_1abc" name="经理审批" camunda:assignee="\${manager}"><bpmn:incoming>Flow_b</bpmn:incoming><bpmn:outgoing>Flow_d</bpmn:outgoing></bpmn:userTask>
    <bpmn:exclusiveGateway id="Gateway_merge"><bpmn:incoming>Flow_c</bpmn:incoming><bpmn:incoming>Flow_d</bpmn:incoming><bpmn:outgoing>Flow_e</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:endEvent id="Event_end"><bpmn:incoming>Flow_e</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_a" sourceRef="StartEvent_1" targetRef="Gateway_0k1" />
    <bpmn:sequenceFlow id="Flow_b" sourceRef="Gateway_0k1" targetRef="Activity_1abc"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">form.days &gt; 3</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Flow_c" sourceRef="Gateway_0k1" targetRef="Gateway_merge" />
    <bpmn:sequenceFlow id="Flow_d" sourceRef="Activity_1abc" targetRef="Gateway_merge" />
    <bpmn:sequenceFlow id="Flow_e" sourceRef="Gateway_merge" targetRef="Event_end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="Process_Leave-2">
      <bpmndi:BPMNShape id="_BPMNShape_StartEvent_2" bpmnElement="StartEvent_1"><dc:Bounds x="179" y="99" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_a_di" bpmnElement="Flow_a"><di:waypoint x="215" y="117" /><di:waypoint x="265" y="117" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;

describe("approvals: BPMN 2.0 export and import through HTTP", () => {
  let s: TestSystem;
  let a: ReturnType<typeof approvalsApi>;
  beforeAll(async () => {
    s = await createTestSystem({ demoSeeders: ["company"] });
    a = approvalsApi(s);
    await a.signIn(["admin", "lina"]);
    expect((await a.api("POST", "/jobs", a.tok.admin, shellJob("bpmn-job", "echo hi"))).status).toBe(201);
  });
  afterAll(() => s?.close());

  const exportOf = (id: string, query = "") => s.req("GET", `/api/v1/approval-definitions/${id}/bpmn${query}`, { token: a.tok.admin });
  const importXml = (body: Record<string, unknown>, token = a.tok.admin) => a.api("POST", "/approval-definitions/import", token, body);

  it("definition → XML → import: the same nodes, edges, form and rules; XML → definition → XML is stable; a version exports as published", async () => {
    const created = await a.api("POST", "/approval-definitions", a.tok.admin, fullDef("purchase-bpmn", [a.ids.admin!]));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const file = await exportOf("purchase-bpmn");
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toMatch(/^application\/xml/);
    expect(file.headers.get("content-disposition")).toBe('attachment; filename="purchase-bpmn.bpmn"');
    const xml = file.body as string;
    expect(xml).toContain('<bpmn:userTask id="lead" name="主管">');
    expect(xml).toContain('<bpmn:exclusiveGateway id="big" name="金额判断" gatewayDirection="Diverging" default="Flow_4">');
    expect(xml).toContain('<bpmn:parallelGateway id="merge" gatewayDirection="Converging">');
    expect(xml).toContain("form.amount &gt; 1000 &amp;&amp; form.kind == '硬件'");
    expect(xml).not.toContain("bpmndi");
    expect(xml).toContain('<ops:hook on="approved" runType="job" ref="bpmn-job">');

    const back = await importXml({ xml, key: "purchase-copy" });
    expect(back.status, JSON.stringify(back.body)).toBe(201);
    expect(back.body.data).toMatchObject({ key: "purchase-copy", status: "draft" });
    expect(shapeOf(back.body.data)).toEqual(shapeOf(created.body.data));
    const again = await exportOf("purchase-copy");
    expect(again.body).toBe(xml.replaceAll('id="purchase-bpmn"', 'id="purchase-copy"').replace("Definitions_purchase_bpmn", "Definitions_purchase_copy"));

    // a published version, after the draft moved on
    await a.api("POST", "/approval-definitions/purchase-bpmn/publish", a.tok.admin);
    await a.api("PUT", "/approval-definitions/purchase-bpmn", a.tok.admin, { ...fullDef("purchase-bpmn", [a.ids.admin!]), name: "采购 v2" });
    expect(await exportOf("purchase-bpmn").then((r) => r.body)).toContain('name="采购 v2"');
    expect(await exportOf("purchase-bpmn", "?version=1").then((r) => r.body)).toContain('name="采购 &#60;申请&#62;"');
    expect((await exportOf("purchase-bpmn", "?version=9")).status).toBe(404);
    const audit = await a.api("GET", "/audit/logs?module=approvals&action=definitions.import", a.tok.admin);
    expect(audit.body.data.items[0]).toMatchObject({ action_name: "从 BPMN 导入审批定义", resource_id: back.body.data.id });
  });

  it("a Camunda Modeler file with a DI section imports: key from the process id, the merge gateway dropped, a userTask without rules as an approver", async () => {
    const r = await importXml({ xml: CAMUNDA });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.data).toMatchObject({ key: "process_leave-2", name: "请假", form: [{ key: "days", type: "number", label: "天数", required: true }] });
    expect(r.body.data.nodes).toEqual([
      { key: "StartEvent_1", type: "start" }, { key: "Gateway_0k1", type: "condition" }, { key: "Activity_1abc", type: "approver", name: "经理审批" }, { key: "Event_end", type: "end" },
    ]);
    expect(r.body.data.edges).toEqual([
      { from: "StartEvent_1", to: "Gateway_0k1" }, { from: "Gateway_0k1", to: "Activity_1abc", condition: "form.days > 3" },
      { from: "Gateway_0k1", to: "Event_end" }, { from: "Activity_1abc", to: "Event_end" },
    ]);
    // it is a draft: publishing names what is missing (the approver rule), as for any definition
    const p = await a.api("POST", `/approval-definitions/${r.body.data.id}/publish`, a.tok.admin);
    expect(p.status).toBe(400);
    expect(p.body.errors.map((e: { field: string }) => e.field)).toContain("nodes[2].approvers");
  });

  it("malformed XML → 400 with the parser's line; unsupported or dangling elements → 422 naming id and type; nothing is stored", async () => {
    const before = await a.count("approval_definitions");
    const bad = await importXml({ xml: '<?xml version="1.0"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">\n<bpmn:process id="p">\n<bpmn:startEvent id="s">\n</bpmn:process>\n</bpmn:definitions>' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: "xml", message: expect.stringMatching(/^BPMN 文件不是合法的 XML：第 5 行第 1 列，/) }]);

    const unsupported = CAMUNDA.replace('<bpmn:endEvent id="Event_end">', '<bpmn:scriptTask id="Script_1" scriptFormat="js" /><bpmn:subProcess id="Sub_1" /><bpmn:endEvent id="Event_end">');
    const u = await importXml({ xml: unsupported });
    expect(u.status).toBe(422);
    expect(u.body.code).toBe(42201);
    expect(u.body.errors).toEqual([
      { field: "xml.Script_1", message: "不支持的 BPMN 元素：Script_1（bpmn:ScriptTask）" },
      { field: "xml.Sub_1", message: "不支持的 BPMN 元素：Sub_1（bpmn:SubProcess）" },
    ]);
    const timer = CAMUNDA.replace('<bpmn:endEvent id="Event_end">', '<bpmn:endEvent id="Event_end"><bpmn:terminateEventDefinition id="T1" />');
    expect((await importXml({ xml: timer })).body.errors[0].message).toBe("不支持的 BPMN 元素：Event_end（bpmn:EndEvent (bpmn:TerminateEventDefinition)）");
    const dangling = await importXml({ xml: CAMUNDA.replace('targetRef="Event_end" />', 'targetRef="Nowhere" />') });
    expect(dangling.status).toBe(422);
    expect(dangling.body.errors[0]).toEqual({ field: "xml.Flow_e", message: "元素 Flow_e 引用了不存在的元素「Nowhere」" });


    // the body's own checks (a bad key) and a taken key
    expect((await importXml({ xml: CAMUNDA, key: "Bad Key" })).body.errors[0].field).toBe("key");
    expect((await importXml({ xml: CAMUNDA, key: "process_leave-2" })).status).toBe(409);
    expect((await importXml({ xml: CAMUNDA }, a.tok.lina)).status).toBe(403);
    expect(await a.count("approval_definitions")).toBe(before);
  });
});
