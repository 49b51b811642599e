import type { Catalog } from "./catalog.ts";

/** IAM messages (users, departments, roles, auth, MFA, sessions, SSO). */
export const iamMessages: Catalog = {
  "zh-CN": {
    "iam.invalid_credentials": "用户名或密码错误",
    "im.unbound": "这个聊天账号还没有绑定 OPS 账号，发送“绑定”获取绑定码",
    "im.chat_user_required": "机器人请求缺少聊天账号（X-OPS-Chat-Platform / X-OPS-Chat-User）",
    "im.account_unavailable": "绑定的 OPS 账号已停用或删除",
    "im.bind_code_invalid": "绑定码无效或已过期，请在聊天中重新发送“绑定”",
    "im.already_bound": "这个聊天账号已绑定到其他 OPS 账号，请先在那个账号中解绑",
    "im.binding_not_found": "没有找到这个绑定",
    "auth.bot_only": "仅供聊天机器人调用",
    "iam.leader_inactive": "负责人须为启用状态的用户",
  },
  en: {
    "iam.invalid_credentials": "Wrong username or password",
    "im.unbound": "This chat account is not bound to an OPS account yet; send \"bind\" to get a code",
    "im.chat_user_required": "A bot request must name the chat account (X-OPS-Chat-Platform / X-OPS-Chat-User)",
    "im.account_unavailable": "The bound OPS account is disabled or deleted",
    "im.bind_code_invalid": "The binding code is wrong or has expired; send \"bind\" in the chat again",
    "im.already_bound": "This chat account is bound to another OPS account; unbind it there first",
    "im.binding_not_found": "No such binding",
    "auth.bot_only": "Only the chat bot may call this",
    "iam.leader_inactive": "The leader must be an active user",
  },
};
