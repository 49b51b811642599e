import type { Catalog } from "./catalog.ts";

/** IAM messages (users, departments, roles, auth, MFA, sessions, SSO). */
export const iamMessages: Catalog = {
  "zh-CN": {
    "iam.invalid_credentials": "用户名或密码错误",
  },
  en: {
    "iam.invalid_credentials": "Wrong username or password",
  },
};
