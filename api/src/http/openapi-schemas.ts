import { z } from "@hono/zod-openapi";

/**
 * The envelope as OpenAPI components. Named schemas (`.openapi("Name")`) become
 * `#/components/schemas/Name` references wherever a route uses them, so every operation points at
 * one definition of the error body instead of repeating it.
 */
export const FieldErrorSchema = z
  .object({
    field: z.string().openapi({ description: "出错字段的路径（嵌套用 `.` 连接，如 `roles.0`）", example: "username" }),
    message: z.string().openapi({ description: "该字段的错误说明（请求语言）", example: "必填" }),
  })
  .openapi("FieldError");

export const ErrorEnvelope = z
  .object({
    code: z.number().int().openapi({
      description: "业务码：40001 参数校验、40101 未登录、40301 无权限、40401 不存在、40901 冲突、42301 已锁定、42901 过于频繁、50001 内部错误",
      example: 40001,
    }),
    message: z.string().openapi({ description: "给人看的说明，语言取自 `?lang=`、用户偏好或 `Accept-Language`", example: "请求参数有误" }),
    data: z.null(),
    reason: z.string().openapi({ description: "机器可读的原因（`模块.原因`），程序据此分支", example: "common.validation" }),
    errors: z.array(FieldErrorSchema).optional().openapi({ description: "仅 40001：逐个列出出错字段" }),
    error_id: z.string().optional().openapi({ description: "仅 5xx：服务端日志里的错误编号，报障时请附上" }),
    timestamp: z.number().int().openapi({ description: "服务器时间（Unix 毫秒）", example: 1767225600000 }),
  })
  .openapi("ErrorEnvelope");

export const SuccessEnvelope = z
  .object({
    code: z.number().int().openapi({ description: "成功时恒为 0", example: 0 }),
    message: z.string().openapi({ example: "成功" }),
    data: z.unknown().openapi({ description: "本接口的数据" }),
    timestamp: z.number().int().openapi({ description: "服务器时间（Unix 毫秒）", example: 1767225600000 }),
  })
  .openapi("SuccessEnvelope");
