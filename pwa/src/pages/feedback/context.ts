import { version } from "../../../package.json";
import { lastApiFailure } from "../../data/client.ts";
import type { FeedbackContext } from "../../data/feedback.ts";
import { locale } from "../../providers/i18n.ts";

/**
 * What "include page info" sends, read when the dialog opens (so it describes the page the
 * user was on): the dialog shows exactly these values before they are sent.
 */
export type PageInfo = { page: string; context: FeedbackContext };

export function capturePageInfo(path: string): PageInfo {
  const failure = lastApiFailure();
  return {
    page: path,
    context: {
      app_version: version,
      language: locale(),
      viewport: `${window.innerWidth}x${window.innerHeight}`,
      user_agent: navigator.userAgent.slice(0, 500),
      online: navigator.onLine,
      last_error_id: failure?.id ?? null,
      last_error_reason: failure ? failure.reason || `HTTP ${failure.status}` : null,
    },
  };
}
