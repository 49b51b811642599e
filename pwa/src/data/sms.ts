import { api } from "./client.ts";
import type { LoginResult, TokenData } from "./types.ts";

/** The API's answer to every "send a code": the masked phone it went to and how long it lives (s). */
export type SmsSent = { sent: true; phone: string; expires_in: number };
export type SmsEnableResult = { mfa_sms: true; tokens?: TokenData };

/** SMS codes: sign-in by phone, the SMS second factor at sign-in, and turning that factor on or off. */
export const smsApi = {
  sendLogin: (phone: string) => api.post<SmsSent>("/auth/sms/send", { phone }, { auth: false }),
  login: (phone: string, code: string) => api.post<LoginResult>("/auth/sms/login", { phone, code }, { auth: false }),
  sendChallenge: (mfa_token: string) => api.post<SmsSent>("/auth/mfa/sms/send", { mfa_token }, { auth: false }),
  verifyChallenge: (mfa_token: string, sms_code: string) => api.post<TokenData>("/auth/mfa/verify", { mfa_token, sms_code }, { auth: false }),
  setup: () => api.post<SmsSent>("/auth/mfa/sms/setup"),
  enable: (code: string) => api.post<SmsEnableResult>("/auth/mfa/sms/enable", { code }),
  disable: (password: string) => api.post<{ mfa_sms: false; mfa_enabled: boolean }>("/auth/mfa/sms/disable", { password }),
};

/** The second factors that are on (`GET /auth/me` lists them; older answers only say `mfa_enabled`). */
export function mfaMethods(me: { mfa_enabled?: boolean; mfa_methods?: string[] } | null | undefined): string[] {
  if (!me) return [];
  return me.mfa_methods ?? (me.mfa_enabled ? ["totp"] : []);
}
