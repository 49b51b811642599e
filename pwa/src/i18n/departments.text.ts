import type { Catalog } from "@ops/shared/i18n/catalog.ts";

export const departmentsText: Catalog = {
  "zh-CN": {
    "departments.name": "部门名称",
    "departments.parent": "上级部门",
    "departments.sort": "排序",
    "departments.leader": "负责人",
    "departments.no_leader": "（未指定）",
    "departments.user_count": "${n} 人",
    "departments.create": "新建部门",
    "departments.add_child": "添加子部门",
    "departments.edit": "编辑部门",
    "departments.delete": "删除部门",
    "departments.confirm_delete": "确定删除部门「${name}」吗？有子部门或成员的部门不能删除。",
  },
  en: {
    "departments.name": "Name",
    "departments.parent": "Parent department",
    "departments.sort": "Order",
    "departments.leader": "Leader",
    "departments.no_leader": "(none)",
    "departments.user_count": "${n} people",
    "departments.create": "New department",
    "departments.add_child": "Add sub-department",
    "departments.edit": "Edit department",
    "departments.delete": "Delete department",
    "departments.confirm_delete": "Delete the department \"${name}\"? Departments with sub-departments or members cannot be deleted.",
  },
};
