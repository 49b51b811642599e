import { api } from "../../data/client.ts";
import type { LoginResult, Provider } from "../../data/types.ts";

/**
 * Sign-in without a click inside the Feishu and DingTalk apps: their in-app browser (told apart by
 * its user agent) asks the platform's JS SDK for an authorization code, which the API trades for a
 * session (`POST /auth/sso/{provider}/code`). The SDK is used only when the page has it
 * (`window.tt` / `window.dd`); elsewhere, and in tests, nothing happens.
 * DingTalk needs the corp id: register the workbench URL as `…/login?dd_corp_id=$CORPID$`.
 */
type Callbacks<T> = { success: (r: T) => void; fail: (e: unknown) => void };
type FeishuSdk = {
  requestAccess?: (o: { appID: string; scopeList: string[] } & Callbacks<{ code: string }>) => void;
  requestAuthCode?: (o: { appId: string } & Callbacks<{ code: string }>) => void;
};
type DingTalkSdk = { requestAuthCode?: (o: { clientId: string; corpId: string } & Callbacks<{ authCode?: string; code?: string }>) => void };

export function inAppPlatform(userAgent: string): "feishu" | "dingtalk" | null {
  if (/\b(Lark|Feishu)\//i.test(userAgent)) return "feishu";
  if (/\bDingTalk\//i.test(userAgent)) return "dingtalk";
  return null;
}

/** The code the platform's SDK hands out for this app, or null when there is no SDK to ask. */
function requestCode(provider: Provider): Promise<string> | null {
  const w = window as unknown as { tt?: FeishuSdk; dd?: DingTalkSdk };
  const appId = provider.app_id;
  if (!appId) return null;
  if (provider.id === "feishu" && w.tt) {
    const tt = w.tt;
    return new Promise((resolve, reject) => {
      const done = { success: (r: { code: string }) => resolve(r.code), fail: reject };
      if (tt.requestAccess) tt.requestAccess({ appID: appId, scopeList: [], ...done });
      else if (tt.requestAuthCode) tt.requestAuthCode({ appId, ...done });
      else reject(new Error("Feishu JS SDK without requestAccess"));
    });
  }
  const corpId = new URLSearchParams(window.location.search).get("dd_corp_id");
  if (provider.id === "dingtalk" && w.dd?.requestAuthCode && corpId) {
    const dd = w.dd;
    return new Promise((resolve, reject) => {
      dd.requestAuthCode!({ clientId: appId, corpId, success: (r) => resolve(r.authCode ?? r.code ?? ""), fail: reject });
    });
  }
  return null;
}

/** Signs in through the in-app SDK when this page runs inside Feishu or DingTalk; null when it does not. */
export function inAppSignIn(providers: Provider[], userAgent = navigator.userAgent): { provider: Provider; result: Promise<LoginResult> } | null {
  const platform = inAppPlatform(userAgent);
  const provider = providers.find((p) => p.kind === "im" && p.id === platform);
  const code = provider ? requestCode(provider) : null;
  if (!provider || !code) return null;
  const result = code.then((c) => api.post<LoginResult>(`/auth/sso/${encodeURIComponent(provider.id)}/code`, { code: c }, { auth: false }));
  return { provider, result };
}
