/** Shapes of the API contract (helper brief) as the PWA reads them. */
import type { DataScope, Locale } from "@ops/shared/actor.ts";
export type { Page } from "@ops/shared/envelope.ts";
export type { DataScope, Locale };

export type TokenData = {
  access_token: string;
  refresh_token: string;
  token_type: "Bearer";
  expires_in: number;
  session_id: string;
  password_change_required: boolean;
  mfa_setup_required: boolean;
};

export type MfaChallenge = { mfa_required: true; mfa_token: string };
export type LoginResult = TokenData | MfaChallenge;

export const isMfaChallenge = (r: LoginResult): r is MfaChallenge => "mfa_required" in r && r.mfa_required === true;

export type RoleRef = { id: string; code: string; name: string };

export type Me = {
  id: string;
  username: string;
  display_name: string;
  dept_id: string | null;
  dept_name?: string | null;
  email?: string | null;
  phone?: string | null;
  locale: string;
  role_ids: string[];
  roles?: RoleRef[];
  permissions: string[];
  session_id: string | null;
  restricted: "password_change" | "mfa_setup" | null;
  mfa_enabled?: boolean;
  password_expires_at?: string | null;
};

/** `im`: Feishu, DingTalk, WeCom (OAuth); `app_id` lets an in-app browser ask its JS SDK for a code. */
export type Provider = { id: string; kind: "password" | "oidc" | "ldap" | "im"; name: string; app_id?: string };
export type PasswordPolicy = { min_length: number; min_classes: number; history: number; expiry_days: number };
export type TotpSetup = { secret: string; otpauth_url: string; qr_data_url: string };
export type MfaEnableResult = { recovery_codes: string[]; tokens?: TokenData };

export type Session = {
  id: string;
  device: string | null;
  ip: string | null;
  user_agent: string | null;
  provider: string | null;
  created_at: string;
  last_seen_at: string | null;
  current: boolean;
};

export type OnlineSession = {
  id: string;
  user_id: string;
  username: string;
  display_name: string;
  dept_name: string | null;
  ip: string | null;
  device: string | null;
  created_at: string;
  last_seen_at: string | null;
};

export type UserStatus = "active" | "disabled";

export type User = {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  id_number: string | null;
  dept_id: string | null;
  dept_name: string | null;
  status: UserStatus;
  locale: string;
  roles: RoleRef[];
  mfa_enabled: boolean;
  locked: boolean;
  locked_until: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
};

export type UserInput = {
  username?: string;
  display_name: string;
  dept_id: string;
  role_ids: string[];
  email?: string;
  phone?: string;
  id_number?: string;
  password?: string;
  status?: UserStatus;
  locale?: string;
};

export type Department = {
  id: string;
  parent_id: string | null;
  name: string;
  leader_id: string | null;
  leader_name: string | null;
  sort: number;
  status: string;
  user_count: number;
  children: Department[];
};

export type DepartmentInput = { name: string; parent_id: string | null; leader_id?: string | null; sort?: number };

export type Role = {
  id: string;
  code: string;
  name: string;
  parent_id: string | null;
  data_scope: DataScope;
  dept_ids: string[];
  mfa_required: boolean;
  builtin: boolean;
  sort: number;
  description: string | null;
  permissions: string[];
  inherited_permissions: string[];
  user_count: number;
  created_at: string;
  updated_at: string;
};

export type RoleInput = {
  code?: string;
  name: string;
  parent_id: string | null;
  data_scope: DataScope;
  dept_ids: string[];
  mfa_required: boolean;
  permissions: string[];
  description?: string;
};

export type PermissionNode = { code: string; kind: "menu" | "button" | "api"; name: string; children: PermissionNode[] };

export type { AuditLog, LoginLog } from "@ops/shared";

export type SecuritySettings = Record<string, number>;
