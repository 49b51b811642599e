import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { forbidden, type UserActor } from "@ops/shared";
import { noteAudit } from "../../../platform/context.ts";
import { ok } from "../../../http/envelope.ts";
import { defineRoute, jsonBody } from "../../../http/route.ts";
import { listQuery } from "../../../http/list-query.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { REPORTS_SUBSCRIBE, REPORTS_VIEW } from "../reports.deps.ts";
import { paramsOf, streamTable, watermarkOf, type DeliveryDeps } from "../exports/index.ts";
import type { DigestOf } from "./digest.ts";
import type { Images } from "./images.ts";
import type { Subscriptions } from "./subscriptions.service.ts";
import type { XlsxLinks } from "./xlsx-links.ts";
import { idParam, subscriptionBody, subscriptionListQuery, subscriptionPatch } from "./subscriptions.schema.ts";

const base = { module: "reports", resourceType: "report_subscription" } as const;
const me = (c: Context<AppEnv>) => c.get("actor") as UserActor;

const listRoute = defineRoute({
  ...base, access: REPORTS_SUBSCRIBE, method: "get", path: "/report-subscriptions", action: "subscriptions.list",
  summary: "报表订阅列表", description: "自己创建的订阅（有 reports:manage 时为全部）；`?report_id=` 过滤。",
  request: { query: subscriptionListQuery },
});
const createRoute = defineRoute({
  ...base, access: REPORTS_SUBSCRIBE, method: "post", path: "/report-subscriptions", action: "subscriptions.create", created: true,
  summary: "新建报表订阅",
  description: "每日/每周（day 1–7，周一为 1）/每月（day 1–28）在 time_zone 的 HH:mm 推送；params 为固定的控件取值；recipients 为用户、角色、部门（展开为在职成员，部门含下级）；channels im/email；attach_xlsx 时邮件附带 xlsx。每位接收人的摘要以其本人权限生成。",
  request: jsonBody(subscriptionBody),
});
const getRoute = defineRoute({
  ...base, access: REPORTS_SUBSCRIBE, method: "get", path: "/report-subscriptions/{id}", action: "subscriptions.get",
  summary: "报表订阅详情", request: { params: idParam },
});
const updateRoute = defineRoute({
  ...base, access: REPORTS_SUBSCRIBE, method: "patch", path: "/report-subscriptions/{id}", action: "subscriptions.update",
  summary: "修改报表订阅", description: "只改给出的字段；下次推送时间随之重算。", request: { params: idParam, ...jsonBody(subscriptionPatch) },
});
const replaceRoute = defineRoute({
  ...base, access: REPORTS_SUBSCRIBE, method: "put", path: "/report-subscriptions/{id}", action: "subscriptions.replace",
  summary: "整体修改报表订阅", description: "与新建相同的完整内容；下次推送时间随之重算。", request: { params: idParam, ...jsonBody(subscriptionBody) },
});
const deleteRoute = defineRoute({
  ...base, access: REPORTS_SUBSCRIBE, method: "delete", path: "/report-subscriptions/{id}", action: "subscriptions.delete",
  summary: "删除报表订阅", request: { params: idParam },
});
const runRoute = defineRoute({
  ...base, access: REPORTS_SUBSCRIBE, method: "post", path: "/report-subscriptions/{id}/run", action: "subscriptions.run",
  summary: "立即推送报表订阅", description: "不等计划时间，立即给每位接收人排队一次推送（测试用）；返回 `{fire_id, recipients}`。",
  request: { params: idParam },
});
const runsRoute = defineRoute({
  ...base, access: REPORTS_SUBSCRIBE, method: "get", path: "/report-subscriptions/{id}/runs", action: "subscriptions.runs",
  summary: "报表订阅推送记录", description: "每次推送每位接收人一行：status queued|sent|failed|skipped 与错误。",
  request: { params: idParam, query: listQuery },
});
const digestRoute = defineRoute({
  module: "reports", resourceType: "report", access: REPORTS_VIEW, method: "get", path: "/reports/{id}/digest", action: "digest",
  summary: "报表摘要卡片",
  description: "`?<参数>=…`：以调用者身份生成摘要（KPI 与环比、前 10 行、带签名的图表图片地址、可选周期 periods、带签名的 Excel 下载地址 xlsxUrl、打开报表的链接），`data.card` 为 ReportDigestData（机器人 `/ops report` 使用）。",
  request: { params: z.object({ id: z.string().min(1).max(100) }) },
});
const imageRoute = defineRoute({
  module: "reports", resourceType: "report_image", access: "public", method: "get", path: "/report-images/{file}", action: "images.get",
  summary: "报表图表图片（签名链接）",
  description: "无需登录（IM 平台抓取）：`<token>.png`，token 为图片 id、过期时间与 HMAC 签名；签名错误或过期 403。",
  request: { params: z.object({ file: z.string().min(1).max(200) }) },
  responses: { 200: { description: "image/png" } },
});
const xlsxRoute = defineRoute({
  module: "reports", resourceType: "report", access: "public", method: "get", path: "/report-digest-files/{file}", action: "digest_files.get", auditRead: true,
  summary: "报表摘要 Excel（签名链接）",
  description: "无需登录（从 IM 卡片打开）：`<token>.xlsx`，token 为接收人、报表、参数与过期时间（7 天）及 HMAC 签名；文件在下载时以该接收人当时的权限生成（行权限与脱敏）。签名错误或过期 403，接收人已停用或已无权查看报表 403。",
  request: { params: z.object({ file: z.string().min(1).max(4000) }) },
  responses: { 200: { description: "the xlsx file" } },
});

/** `filename*` carries the Chinese title; the plain `filename` an ASCII stand-in. */
const disposition = (name: string) => `attachment; filename="${name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function subscriptionsRoutes(subs: Subscriptions, digestOf: DigestOf, images: Images, files: { deps: DeliveryDeps; xlsxLinks: XlsxLinks }) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook, strict: false })
    .openapi(listRoute, async (c) => ok(c, await subs.list(me(c), c.req.valid("query"))))
    .openapi(createRoute, async (c) => ok(c, await subs.create(me(c), c.req.valid("json")), 201))
    .openapi(getRoute, async (c) => ok(c, await subs.get(me(c), c.req.valid("param").id)))
    .openapi(updateRoute, async (c) => ok(c, await subs.update(me(c), c.req.valid("param").id, c.req.valid("json"))))
    .openapi(replaceRoute, async (c) => ok(c, await subs.update(me(c), c.req.valid("param").id, c.req.valid("json"))))
    .openapi(deleteRoute, async (c) => {
      await subs.remove(me(c), c.req.valid("param").id);
      return ok(c, { deleted: true });
    })
    .openapi(runRoute, async (c) => ok(c, await subs.runNow(me(c), c.req.valid("param").id)))
    .openapi(runsRoute, async (c) => ok(c, await subs.runs(me(c), c.req.valid("param").id, c.req.valid("query"))))
    .openapi(digestRoute, async (c) => {
      // on demand the card always offers the xlsx: the caller may export the same rows from the PWA
      const digest = await digestOf(me(c), c.req.valid("param").id, paramsOf(c.req.queries(), []), { xlsxLink: true });
      return ok(c, { card: digest.card });
    })
    .openapi(imageRoute, async (c) => {
      const png = await images.open(c.req.valid("param").file);
      return c.body(png as unknown as ArrayBuffer, 200, { "Content-Type": "image/png", "Cache-Control": "public, max-age=86400" });
    })
    .openapi(xlsxRoute, async (c) => {
      const { deps, xlsxLinks } = files;
      const grant = xlsxLinks.open(c.req.valid("param").file);
      const actor = await deps.userActor(grant.userId);
      if (!actor || actor.kind !== "user") throw forbidden("reports.delivery.xlsx_link_user_gone");
      // as the recipient now: a report they may no longer view is refused by the reader (403)
      const report = await deps.reader.get(actor, grant.reportId);
      const at = deps.clock.now();
      const streamed = await streamTable(deps.reader, actor, report.id, "xlsx", grant.params, { watermark: watermarkOf(actor, at), sheetName: report.title || report.name });
      streamed.done.catch((e: unknown) => deps.logger.warn("digest xlsx download broke off", { report_id: report.id, err: e }));
      noteAudit({ resourceType: "report", resourceId: report.id, after: { format: "xlsx", user_id: actor.userId, username: actor.username, params: grant.params } });
      const name = `${report.title || report.name}-${at.toISOString().slice(0, 10)}.xlsx`;
      return c.body(streamed.body, 200, {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Content-Disposition": disposition(name), "Cache-Control": "private, no-store",
      });
    });
}
