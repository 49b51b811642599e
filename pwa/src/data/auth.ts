import { api } from "./client.ts";
import type { LoginResult, Me, MfaEnableResult, PasswordPolicy, Provider, TokenData, TotpSetup } from "./types.ts";

/** Sign-in, profile and MFA endpoints (/auth/*). */
export const authApi = {
  login: (username: string, password: string, provider?: string) =>
    api.post<LoginResult>("/auth/login", { username, password, ...(provider && provider !== "password" ? { provider } : {}) }, { auth: false }),
  verifyMfa: (mfa_token: string, code: { code?: string; recovery_code?: string }) =>
    api.post<TokenData>("/auth/mfa/verify", { mfa_token, ...code }, { auth: false }),
  exchangeSso: (ticket: string) => api.post<LoginResult>("/auth/sso/exchange", { ticket }, { auth: false }),
  providers: () => api.get<Provider[]>("/auth/providers"),
  passwordPolicy: () => api.get<PasswordPolicy>("/auth/password-policy"),
  logout: () => api.post<unknown>("/auth/logout"),
  me: () => api.get<Me>("/auth/me"),
  updateMe: (body: { display_name?: string; email?: string; phone?: string; locale?: string }) => api.put<Me>("/auth/me", body),
  changePassword: (old_password: string, new_password: string) => api.post<TokenData>("/auth/password", { old_password, new_password }),
  totpSetup: () => api.post<TotpSetup>("/auth/mfa/totp/setup"),
  totpEnable: (code: string) => api.post<MfaEnableResult>("/auth/mfa/totp/enable", { code }),
  mfaDisable: (password: string) => api.post<unknown>("/auth/mfa/disable", { password }),
  recoveryCodes: (password: string) => api.post<{ recovery_codes: string[] }>("/auth/mfa/recovery-codes", { password }),
};
