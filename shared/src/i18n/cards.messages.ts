import type { Catalog } from "./catalog.ts";

/** Errors thrown by @ops/cards: programming errors in a template or caller (status 500, not exposed). */
export const cardsMessages: Catalog = {
  "zh-CN": {
    "cards.invalid_action": "卡片按钮的动作名不合法：${action}",
    "cards.action_value_too_large": "卡片按钮 ${action} 的参数过大（${size}，${platform} 上限 ${max}）",
    "cards.option_value_too_large": "卡片下拉框 ${name} 的选项值过长（上限 ${max}）",
    "cards.invalid_field_name": "卡片表单字段名不合法：${name}",
  },
  en: {
    "cards.invalid_action": "Invalid card button action name: ${action}",
    "cards.action_value_too_large": "The value of card button ${action} is too large (${size}, ${platform} allows ${max})",
    "cards.option_value_too_large": "An option value of card select ${name} is too long (at most ${max})",
    "cards.invalid_field_name": "Invalid card form field name: ${name}",
  },
};
