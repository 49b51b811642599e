import type { Catalog } from "@ops/shared/i18n/catalog.ts";

/** The home workbench (工作台) and the phone's chat tab; widget texts come from the API in the user's language. */
export const homeText: Catalog = {
  "zh-CN": {
    "home.refresh": "刷新",
    "home.pull_hint": "下拉刷新",
    "home.pull_release": "松开刷新",
    "home.todo_total": "你有 ${count} 项待办",
    "home.todo_none": "暂无待办，一切就绪",
    "home.widget_empty": "暂无内容",
    "home.widget_failed": "加载失败，请重试",
    "home.quick_title": "快捷命令",
    "home.quick_lead": "在聊天控制台中执行与 Slack、飞书、钉钉相同的命令",
    "home.quick_open": "打开聊天控制台",
    "home.cmd.help": "查看可用命令",
    "home.cmd.whoami": "查看我的身份与权限",
    "home.cmd.runs": "查看最近的作业运行",
    "nav.chat_tab": "聊天",
  },
  en: {
    "home.refresh": "Refresh",
    "home.pull_hint": "Pull to refresh",
    "home.pull_release": "Release to refresh",
    "home.todo_total": "Waiting for you: ${count}",
    "home.todo_none": "Nothing waits for you",
    "home.widget_empty": "Nothing here",
    "home.widget_failed": "Could not load, please retry",
    "home.quick_title": "Quick commands",
    "home.quick_lead": "Run the same commands as in Slack, Feishu or DingTalk from the chat console",
    "home.quick_open": "Open the chat console",
    "home.cmd.help": "See the commands",
    "home.cmd.whoami": "See who I am and what I may do",
    "home.cmd.runs": "See the latest job runs",
    "nav.chat_tab": "Chat",
  },
};
