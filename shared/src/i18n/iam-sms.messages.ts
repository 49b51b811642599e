import type { Catalog } from "./catalog.ts";

/** SMS codes (api/src/modules/iam/sms): sign-in by phone and the SMS second factor. */
export const iamSmsMessages: Catalog = {
  "zh-CN": {
    "iam.sms_unavailable": "短信服务未配置或暂时不可用，请用其他方式登录或稍后再试",
    "iam.sms_rate_limited": "验证码发送过于频繁，请 ${retry_after} 秒后再试",
    "iam.sms_invalid_code": "验证码错误、已过期或已使用，请重新获取",
    "iam.sms_phone_invalid": "请输入正确的手机号",
    "iam.sms_code_format": "验证码为 6 位数字",
    "iam.sms_no_phone": "请先在个人资料中填写手机号",
    "iam.sms_factor_enabled": "短信两步验证已开启",
    "iam.sms_factor_not_enabled": "未开启短信两步验证",
    "iam.sms_login_needs_password": "此账号以短信作为两步验证，请用密码登录后再输入短信验证码",
  },
  en: {
    "iam.sms_unavailable": "SMS is not configured or not available right now. Sign in another way or try again later",
    "iam.sms_rate_limited": "Too many codes requested. Try again in ${retry_after} s",
    "iam.sms_invalid_code": "The code is wrong, expired or already used. Request a new one",
    "iam.sms_phone_invalid": "Enter a valid mobile number",
    "iam.sms_code_format": "The code is 6 digits",
    "iam.sms_no_phone": "Add a mobile number to your profile first",
    "iam.sms_factor_enabled": "SMS verification is already on",
    "iam.sms_factor_not_enabled": "SMS verification is not on",
    "iam.sms_login_needs_password": "This account uses SMS as its second step: sign in with the password, then enter the SMS code",
  },
};
