import type { Locale } from "@ops/shared";
import type { SmsPurpose } from "./sms-codes.ts";

/** The text of a code message; the provider adds its signature (OPS_SMS_SENDER) where the carrier needs one. */
export function iamSmsText(locale: Locale, purpose: SmsPurpose, code: string, minutes: number): string {
  const zh = { login: "登录", mfa: "两步验证", bind: "绑定手机" }[purpose];
  const en = { login: "sign-in", mfa: "two-step verification", bind: "phone confirmation" }[purpose];
  return locale === "en"
    ? `OPS ${en} code: ${code}. Valid for ${minutes} minutes. If this was not you, ignore this message.`
    : `【OPS】您的${zh}验证码是 ${code}，${minutes} 分钟内有效。如非本人操作，请忽略本短信。`;
}
