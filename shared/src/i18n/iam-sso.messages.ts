import type { Catalog } from "./catalog.ts";

/** Single sign-on (OIDC, LDAP/AD): codes the API returns and the login page shows after `#sso_error=`. */
export const iamSsoMessages: Catalog = {
  "zh-CN": {
    "iam.sso_password_provider": "账号密码",
    "iam.sso_unavailable": "无法连接身份源「${provider}」，请稍后重试或联系管理员",
    "iam.sso_failed": "单点登录未完成，请重新登录",
    "iam.sso_no_account": "该身份未关联 OPS 账号，请联系管理员开通",
    "iam.sso_state_invalid": "登录请求已失效或已被使用，请重新发起登录",
    "iam.sso_ticket_invalid": "登录凭据无效或已被使用，请重新登录",
    "iam.sso_provider_unknown": "未配置该登录方式：${provider}",
  },
  en: {
    "iam.sso_password_provider": "Username and password",
    "iam.sso_unavailable": "Cannot reach the identity provider \"${provider}\". Try again later or contact your administrator",
    "iam.sso_failed": "Single sign-on did not complete. Please sign in again",
    "iam.sso_no_account": "This identity is not linked to an OPS account. Ask your administrator for access",
    "iam.sso_state_invalid": "The sign-in request has expired or was already used. Please start again",
    "iam.sso_ticket_invalid": "The sign-in ticket is invalid or was already used. Please sign in again",
    "iam.sso_provider_unknown": "This sign-in method is not configured: ${provider}",
  },
};
