import type { Catalog } from "./catalog.ts";

/** Outbound webhooks: error reasons and field messages. */
export const webhooksMessages: Catalog = {
  "zh-CN": {
    "webhooks.not_found": "Webhook 订阅不存在",
    "webhooks.delivery_not_found": "投递记录不存在",
    "webhooks.inactive": "订阅已停用，请先启用再重新投递",
    "webhooks.url_invalid": "请填写有效的 URL",
    "webhooks.url_scheme": "只支持 http:// 或 https:// 地址",
    "webhooks.url_credentials": "地址中不能包含用户名或密码（请用签名密钥校验来源）",
    "webhooks.url_private": "Webhook 地址不能指向本机、内网或链路本地地址（管理员可用 OPS_WEBHOOK_ALLOW_PRIVATE 或 OPS_WEBHOOK_ALLOW_HOSTS 放行）",
  },
  en: {
    "webhooks.not_found": "Webhook subscription not found",
    "webhooks.delivery_not_found": "Delivery not found",
    "webhooks.inactive": "The subscription is inactive: activate it before replaying",
    "webhooks.url_invalid": "Enter a valid URL",
    "webhooks.url_scheme": "Only http:// and https:// URLs are supported",
    "webhooks.url_credentials": "The URL must not contain a user name or password (verify the signature instead)",
    "webhooks.url_private": "Webhook URLs must not point at this host, a private network or a link-local address (an administrator may allow them with OPS_WEBHOOK_ALLOW_PRIVATE or OPS_WEBHOOK_ALLOW_HOSTS)",
  },
};
