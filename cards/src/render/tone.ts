/** One tone, shown the way each platform can: an emoji where there is no colour, a header colour where there is. */
import type { Tone } from "../card.ts";
import type { FEISHU_HEADER_TEMPLATES } from "../limits.ts";

export const TONE_EMOJI: Record<Tone, string> = {
  neutral: "⚪",
  info: "🔵",
  success: "🟢",
  warning: "🟠",
  danger: "🔴",
};

export const FEISHU_TEMPLATE: Record<Tone, (typeof FEISHU_HEADER_TEMPLATES)[number]> = {
  neutral: "grey",
  info: "blue",
  success: "green",
  warning: "orange",
  danger: "red",
};

/** DingTalk markdown accepts hex colours in <font color=…>. */
export const DINGTALK_COLOR: Record<Tone, string> = {
  neutral: "#8F959E",
  info: "#3370FF",
  success: "#34C724",
  warning: "#FF8800",
  danger: "#F54A45",
};
