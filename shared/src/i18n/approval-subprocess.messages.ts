import type { Catalog } from "./catalog.ts";

/** Approvals: subprocess nodes (子流程): publish checks and the run-time problems the parent's timeline names. */
export const approvalSubprocessMessages: Catalog = {
  "zh-CN": {
    "approvals.subprocess_unknown": "子流程「${key}」不存在或尚未发布",
    "approvals.subprocess_cycle": "子流程「${key}」直接或间接包含本流程，会无限嵌套",
    "approvals.subprocess_field_unknown": "子流程「${key}」的表单没有字段「${field}」",
    "approvals.subprocess_placeholder_unknown": "未知的占位符：${placeholder}（可用 {form.<本流程字段>}、{instance.title}）",
    "approvals.subprocess_not_subprocess": "只有子流程节点可以设置子流程",
    "approvals.subprocess_form_invalid": "子流程「${key}」的表单无效：${fields}",
    "approvals.subprocess_rejected": "子流程「${title}」未通过",
  },
  en: {
    "approvals.subprocess_unknown": "Sub-process \"${key}\" does not exist or is not published",
    "approvals.subprocess_cycle": "Sub-process \"${key}\" contains this definition (directly or through others): it would nest for ever",
    "approvals.subprocess_field_unknown": "Sub-process \"${key}\" has no form field \"${field}\"",
    "approvals.subprocess_placeholder_unknown": "Unknown placeholder: ${placeholder} (use {form.<this form's field>}, {instance.title})",
    "approvals.subprocess_not_subprocess": "Only a sub-process node may name a sub-process",
    "approvals.subprocess_form_invalid": "The form of sub-process \"${key}\" is not valid: ${fields}",
    "approvals.subprocess_rejected": "Sub-process \"${title}\" was not approved",
  },
};
