import type { Catalog } from "./catalog.ts";

/** Single sign-on (OIDC, LDAP/AD, Feishu, DingTalk, WeCom): codes the API returns and the login page shows after `#sso_error=`. */
export const iamSsoMessages: Catalog = {
  "zh-CN": {
    "iam.sso_password_provider": "账号密码",
    "iam.sso_unavailable": "无法连接身份源「${provider}」，请稍后重试或联系管理员",
    "iam.sso_failed": "单点登录未完成，请重新登录",
    "iam.sso_no_account": "该身份未关联 OPS 账号，请联系管理员开通",
    "iam.sso_state_invalid": "登录请求已失效或已被使用，请重新发起登录",
    "iam.sso_ticket_invalid": "登录凭据无效或已被使用，请重新登录",
    "iam.sso_provider_unknown": "未配置该登录方式：${provider}",
    "iam.sso_code_invalid": "授权码无效、已过期或已被使用，请重新登录",
    "iam.sso_not_member": "该账号不是本企业（组织）的成员，无法登录",
    "iam.sso_provider_feishu": "飞书",
    "iam.sso_provider_dingtalk": "钉钉",
    "iam.sso_provider_wecom": "企业微信",
    "iam.identity_not_found": "没有这个关联账号",
    "iam.identity_last_sign_in": "这是你唯一的登录方式（未设置密码），不能解除；请先设置密码或关联其他账号",
  },
  en: {
    "iam.sso_password_provider": "Username and password",
    "iam.sso_unavailable": "Cannot reach the identity provider \"${provider}\". Try again later or contact your administrator",
    "iam.sso_failed": "Single sign-on did not complete. Please sign in again",
    "iam.sso_no_account": "This identity is not linked to an OPS account. Ask your administrator for access",
    "iam.sso_state_invalid": "The sign-in request has expired or was already used. Please start again",
    "iam.sso_ticket_invalid": "The sign-in ticket is invalid or was already used. Please sign in again",
    "iam.sso_provider_unknown": "This sign-in method is not configured: ${provider}",
    "iam.sso_code_invalid": "The authorization code is invalid, expired or already used. Please sign in again",
    "iam.sso_not_member": "This account is not a member of the organisation and cannot sign in",
    "iam.sso_provider_feishu": "Feishu",
    "iam.sso_provider_dingtalk": "DingTalk",
    "iam.sso_provider_wecom": "WeCom",
    "iam.identity_not_found": "No such linked account",
    "iam.identity_last_sign_in": "This is your only way to sign in (no password is set), so it cannot be unlinked; set a password or link another account first",
  },
};
