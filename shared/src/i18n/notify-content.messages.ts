import type { Catalog } from "./catalog.ts";

/** Notification content filter (sensitive words): error reasons and field messages. */
export const notifyContentMessages: Catalog = {
  "zh-CN": {
    "notify.sensitive_blocked": "通知内容含有敏感词，已拒绝发送：${words}",
    "notify.sensitive_word": "含有敏感词：${word}",
    "notify.sensitive_too_many": "敏感词最多 2000 个",
    "notify.sensitive_word_length": "每个敏感词 1–50 个字符（去掉首尾空白后）",
  },
  en: {
    "notify.sensitive_blocked": "The notification contains sensitive words and was not sent: ${words}",
    "notify.sensitive_word": "Contains a sensitive word: ${word}",
    "notify.sensitive_too_many": "At most 2,000 sensitive words",
    "notify.sensitive_word_length": "Each sensitive word is 1–50 characters (after trimming)",
  },
};
