/**
 * The `ops:` moddle package: what a BPMN file carries of an approval definition beyond BPMN itself,
 * as extension elements. On the process: `ops:form` (fields), `ops:settings`, `ops:hook`s. On a
 * userTask: `ops:approval` (mode, ratio, on-empty policy, approver rule, timeout). On a sendTask
 * (a CC node): `ops:cc` (who reads). On a callActivity (a subprocess node, `calledElement` = the child
 * definition's key): `ops:subprocess` (title template, `ops:map` per child field). Rules carry user ids space-separated.
 */
export const OPS_NS = "https://ops.dev/schema/bpmn/approvals/1.0";

const attr = (name: string, type = "String") => ({ name, type, isAttr: true });
const child = (name: string, type: string, isMany = false) => ({ name, type, ...(isMany ? { isMany: true } : {}) });

export const opsDescriptor = {
  name: "OPS",
  uri: OPS_NS,
  prefix: "ops",
  xml: { tagAlias: "lowerCase" },
  associations: [],
  types: [
    // a rule is written under the name of its role (ops:approvers, ops:recipients, ops:escalateTo)
    { name: "Rule", isAbstract: true, superClass: ["Element"], properties: [attr("type"), attr("users"), attr("role"), attr("level", "Integer"), attr("field")] },
    { name: "Approvers", superClass: ["Rule"] },
    { name: "Recipients", superClass: ["Rule"] },
    { name: "EscalateTo", superClass: ["Rule"] },
    { name: "Timeout", superClass: ["Element"], properties: [attr("afterMinutes", "Integer"), attr("action"), child("escalateTo", "EscalateTo")] },
    { name: "Approval", superClass: ["Element"], meta: { allowedIn: ["bpmn:UserTask"] }, properties: [attr("mode"), attr("ratio", "Integer"), attr("onEmpty"), child("approvers", "Approvers"), child("timeout", "Timeout")] },
    { name: "Cc", superClass: ["Element"], meta: { allowedIn: ["bpmn:SendTask"] }, properties: [child("recipients", "Recipients")] },
    { name: "Option", superClass: ["Element"], properties: [{ name: "value", type: "String", isBody: true }] },
    {
      name: "Field", superClass: ["Element"],
      properties: [attr("key"), attr("type"), attr("label"), attr("required", "Boolean"), attr("min", "Real"), attr("max", "Real"), child("options", "Option", true), child("columns", "Column", true)],
    },
    // a table field's columns
    { name: "Column", superClass: ["Field"] },
    { name: "Form", superClass: ["Element"], meta: { allowedIn: ["bpmn:Process"] }, properties: [child("fields", "Field", true)] },
    { name: "Settings", superClass: ["Element"], meta: { allowedIn: ["bpmn:Process"] }, properties: [attr("allowWithdraw", "Boolean"), attr("dedupe", "Boolean")] },
    { name: "Param", superClass: ["Element"], properties: [attr("name"), { name: "value", type: "String", isBody: true }] },
    { name: "Map", superClass: ["Element"], properties: [attr("field"), { name: "value", type: "String", isBody: true }] },
    { name: "Subprocess", superClass: ["Element"], meta: { allowedIn: ["bpmn:CallActivity"] }, properties: [attr("title"), child("mappings", "Map", true)] },
    { name: "Hook", superClass: ["Element"], meta: { allowedIn: ["bpmn:Process"] }, properties: [attr("on"), attr("runType"), attr("ref"), child("params", "Param", true)] },
  ],
};
