/**
 * `info.description` of the OpenAPI document: the conventions every operation shares, in zh-CN
 * markdown (the docs page renders it). Keep it in step with DESIGN.md §4 and the README.
 */
export const API_DESCRIPTION = `OPS 智能运营系统的 HTTP API。网页端（PWA）、聊天机器人（Slack / 飞书 / 钉钉）与第三方程序调用的是同一套接口，
权限（RBAC）、数据范围与审计完全一致。所有业务接口都在 \`/api/v1\` 下；路径末尾多一个 \`/\` 也能访问。

## 认证

1. **用户令牌**：\`POST /api/v1/auth/login\`，请求体 \`{"username": "...", "password": "..."}\`，
   成功时 \`data.access_token\` 即访问令牌，\`data.refresh_token\` 用于续期（\`POST /api/v1/auth/refresh\`，每次续期都会换一个新的刷新令牌）。
   开启了两步验证的账号先得到 \`data.mfa_required: true\` 与 \`data.mfa_token\`，再用 \`POST /api/v1/auth/mfa/verify\` 提交动态码换取令牌。
   调用时带上请求头 \`Authorization: Bearer <access_token>\`。
2. **机器人凭证**：聊天机器人进程使用 \`Authorization: Bot <key>\`（密钥由服务端从 \`OPS_SECRET_KEY\` 派生），
   并以 \`X-OPS-Chat-Platform\`（\`slack\` | \`feishu\` | \`dingtalk\`）和 \`X-OPS-Chat-User\` 指明代表哪个聊天账号；
   已绑定的聊天账号即以该用户的身份与权限调用，未绑定的只能调用标注为 \`bot\` 的接口。

在本页上方的 **Authorize** 中填入令牌后，可直接用 **Try it out** 调用接口（令牌保存在本浏览器中，刷新页面不丢失）。
每个接口的说明开头写明所需权限，\`x-permission\` 字段给出权限码：\`public\` 无需登录，\`user\` 任何已登录用户，\`bot\` 仅机器人，其余为权限码。

## 响应信封

成功：HTTP 2xx，响应体 \`{"code": 0, "message": "成功", "data": {...}, "timestamp": 1767225600000}\`。

失败：HTTP 状态码有意义，响应体是 \`ErrorEnvelope\`：

| HTTP | code | 含义 |
| --- | --- | --- |
| 400 | 40001 | 参数校验失败，\`errors: [{field, message}]\` 一次列出所有出错字段 |
| 401 | 40101 | 未登录或令牌无效、过期 |
| 403 | 40301 | 没有所需权限 |
| 404 | 40401 | 不存在，或不在你的数据范围内 |
| 409 | 40901 | 与当前数据冲突 |
| 423 | 42301 | 账号已锁定 |
| 429 | 42901 | 请求过于频繁 |
| 500 | 50001 | 内部错误，\`error_id\` 对应服务端日志 |

\`reason\` 是机器可读的原因（如 \`iam.username_taken\`），\`message\` 是给人看的说明。
语言依次取 \`?lang=zh-CN|en\`、登录用户的语言偏好、\`Accept-Language\`，默认简体中文。

## 分页与排序

列表接口接受 \`?page=1&page_size=20&sort=-created_at\`（\`page_size\` 最大 200，\`-\` 表示倒序），
返回 \`data: {items, total, page, page_size, pages}\`。

## 频率限制

登录、两步验证、单点登录换票、令牌刷新和聊天账号绑定按来源 IP 与账号限流；超出时返回 429，
\`Retry-After\` 响应头给出需要等待的秒数。连续输错密码会锁定账号（423），锁定时长见安全设置。
请求体上限 1 MiB（413）。

## 其他

- 时间一律为 ISO-8601 UTC（或 Unix 毫秒的 \`timestamp\`）；计划任务另带 IANA 时区。
- 健康检查：\`GET /healthz\`（存活）、\`GET /readyz\`（按进程角色 OPS_ROLES 检查：存储；web 另查总线订阅（bus），worker 查队列与消费者，scheduler 查定时器；失败 503 并在 \`failing\` 中列出；bot 的各聊天平台连接只在 \`connections\` / \`degraded\` 中列出，不影响就绪；关停中 503 \`{"status":"draining"}\`）、\`GET /metrics\`（Prometheus）。任何角色的进程都提供这三个探针；API、文档与 PWA 只由 web 角色提供。
- 本文档的机器可读版本：\`GET /api/openapi.json\`（OpenAPI 3.1）。`;
