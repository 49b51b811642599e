import { api } from "../../data/client.ts";
import type { ChatBinding } from "../../data/bindings.ts";

/** Who asked for a binding code, as the bot saw them, and whether binding needs the password again. */
export type BindPreview = {
  platform: string;
  external_user_id: string;
  name: string | null;
  workspace_id: string | null;
  workspace_name: string | null;
  expires_at: string;
  reauth_required: boolean;
};

export const bindRequestApi = {
  preview: (code: string) => api.get<BindPreview>(`/im/bind-requests/${encodeURIComponent(code)}`),
  /** A proof (password, or an MFA code) only when the sign-in is older than 5 minutes (the API says so: im.reauth_required). */
  bind: (code: string, proof: { password?: string; mfa_code?: string } = {}) => {
    const body: Record<string, string> = { code };
    if (proof.password) body.password = proof.password;
    else if (proof.mfa_code) body.mfa_code = proof.mfa_code;
    return api.post<ChatBinding>("/im/bindings", body);
  },
};
