import type { Catalog } from "./catalog.ts";

/** Help center: categories and error reasons. */
export const helpMessages: Catalog = {
  "zh-CN": {
    "help.category.start": "快速上手",
    "help.category.commands": "聊天命令",
    "help.category.platforms": "连接聊天平台",
    "help.category.access": "角色与数据权限",
    "help.category.faq": "常见问题",
    "help.category.other": "其他",
    "help.page_not_found": "帮助页面「${slug}」不存在",
    "help.version_not_found": "没有第 ${version} 版",
    "help.command_not_found": "没有命令「${command}」的帮助页面",
    "help.slug_taken": "页面标识已被使用，请换一个",
    "help.invalid_slug": "页面标识只能包含小写字母、数字和 -，2 到 64 个字符，以字母或数字开头",
    "help.stale_version": "页面已被他人修改（当前第 ${version} 版），请刷新后再保存",
    "help.nothing_to_reset": "该页面没有修改过，已是出厂内容",
    "help.reverted_note": "恢复为第 ${version} 版",
  },
  en: {
    "help.category.start": "Getting started",
    "help.category.commands": "Chat commands",
    "help.category.platforms": "Connecting chat platforms",
    "help.category.access": "Roles and data scopes",
    "help.category.faq": "FAQ",
    "help.category.other": "Other",
    "help.page_not_found": "There is no help page \"${slug}\"",
    "help.version_not_found": "There is no version ${version}",
    "help.command_not_found": "There is no help page for the command \"${command}\"",
    "help.slug_taken": "This page id is taken; choose another",
    "help.invalid_slug": "Page ids use lower-case letters, digits and -, 2 to 64 characters, starting with a letter or digit",
    "help.stale_version": "Someone else changed this page (now version ${version}); reload before saving",
    "help.nothing_to_reset": "This page has not been changed: it already shows the shipped text",
    "help.reverted_note": "Reverted to version ${version}",
  },
};
