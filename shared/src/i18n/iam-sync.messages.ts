import type { Catalog } from "./catalog.ts";

/** Directory sync (api/src/modules/iam/sync): errors of a run. */
export const iamSyncMessages: Catalog = {
  "zh-CN": {
    "iam.sync_provider_unknown": "未配置该平台的应用凭据，不能同步通讯录：${provider}",
    "iam.sync_running": "该平台的通讯录同步正在进行，请等它结束",
    "iam.sync_run_not_found": "没有这次同步记录",
    "iam.sync_failed": "通讯录同步失败，请查看日志后重试",
  },
  en: {
    "iam.sync_provider_unknown": "This platform's app credentials are not set, so its directory cannot be synced: ${provider}",
    "iam.sync_running": "A directory sync from this platform is running; wait for it to end",
    "iam.sync_run_not_found": "No such sync run",
    "iam.sync_failed": "The directory sync failed; check the logs and try again",
  },
};
