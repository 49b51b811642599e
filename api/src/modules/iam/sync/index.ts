/**
 * Directory sync from Feishu and DingTalk: departments with heads, people with their chat ids, dry-run diffs, runs.
 * The IAM root reaches this folder only through this file.
 */
import type { IamDeps } from "../iam.deps.ts";
import { dingtalkDirectory } from "./dingtalk-directory.ts";
import { feishuDirectory } from "./feishu-directory.ts";
import { wecomDirectory } from "./wecom-directory.ts";
import { createSyncService } from "./sync.service.ts";
import type { DirectorySource, SyncProvider } from "./sync.types.ts";

export { syncRoutes } from "./sync.routes.ts";
export type { SyncService } from "./sync.service.ts";

/** The platforms whose app credentials are set (the same ones the bot and the sign-in use; WeCom: WECOM_CORP_ID/SECRET). */
export function createDirectorySync(deps: IamDeps) {
  const { env, logger } = deps;
  const sources = new Map<SyncProvider, DirectorySource>();
  if (env.FEISHU_APP_ID && env.FEISHU_APP_SECRET) {
    sources.set("feishu", feishuDirectory({ appId: env.FEISHU_APP_ID, appSecret: env.FEISHU_APP_SECRET, domain: env.FEISHU_DOMAIN, name: "飞书" }, logger));
  }
  if (env.DINGTALK_CLIENT_ID && env.DINGTALK_CLIENT_SECRET) {
    sources.set("dingtalk", dingtalkDirectory({ clientId: env.DINGTALK_CLIENT_ID, clientSecret: env.DINGTALK_CLIENT_SECRET, apiUrl: env.DINGTALK_API_URL, name: "钉钉" }, logger));
  }
  if (env.WECOM_CORP_ID && env.WECOM_SECRET) {
    sources.set("wecom", wecomDirectory({ corpId: env.WECOM_CORP_ID, secret: env.WECOM_SECRET, apiUrl: env.WECOM_API_URL, name: "企业微信" }, logger));
  }
  return createSyncService(deps, sources);
}
