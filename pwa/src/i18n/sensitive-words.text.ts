import type { Catalog } from "@ops/shared/i18n/catalog.ts";

/** The notification sensitive-word list (/notify/sensitive-words). Registered by its page. */
export const sensitiveWordsText: Catalog = {
  "zh-CN": {
    "words.title": "敏感词",
    "words.subtitle": "所有通知（模板与直接发送、各渠道、摘要）发送前都会检查这些词",
    "words.mode": "命中时",
    "words.mode.block": "屏蔽发送",
    "words.mode.mask": "替换为 ***",
    "words.mode_hint.block": "整条通知不发送，发送记录中注明原因",
    "words.mode_hint.mask": "把命中的词替换为 *** 后照常发送",
    "words.list": "敏感词列表",
    "words.placeholder": "每行一个词",
    "words.count": "共 ${count} 个词，每行一个",
    "words.updated": "${who} 于 ${when} 更新",
    "words.never_updated": "尚未设置",
  },
  en: {
    "words.title": "Sensitive words",
    "words.subtitle": "Every notification (templates and raw sends, every channel, digests) is checked for these words before it goes out",
    "words.mode": "When a word is found",
    "words.mode.block": "Block the send",
    "words.mode.mask": "Replace with ***",
    "words.mode_hint.block": "The whole notification is not sent; the send log says why",
    "words.mode_hint.mask": "Each word found is replaced with *** and the notification goes out",
    "words.list": "Word list",
    "words.placeholder": "One word a line",
    "words.count": "${count} words, one a line",
    "words.updated": "Updated by ${who} at ${when}",
    "words.never_updated": "Not set yet",
  },
};
