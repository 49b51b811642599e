/**
 * Who is acting. Every module receives one; the same shape whether the request came
 * from the web, the API with a token, a chat platform or the system itself.
 */
export type DataScope = "ALL" | "DEPT" | "DEPT_AND_CHILD" | "SELF" | "CUSTOM";

export type ChatVia = { platform: "slack" | "feishu" | "dingtalk" | "web"; externalUserId: string };

export type UserActor = {
  kind: "user";
  userId: string;
  username: string;
  displayName: string;
  deptId: string | null;
  roleIds: string[];
  /** effective permission codes (own roles plus inherited); contains "*" for super admins */
  permissions: string[];
  sessionId: string | null;
  locale: Locale;
  /** set when the request came through a chat platform */
  via?: ChatVia;
  /** set when the request used an API token instead of a session */
  tokenId?: string;
  /**
   * Set while the user must first change the password or bind MFA: only routes marked
   * `allowRestricted` accept such an actor.
   */
  restricted?: "password_change" | "mfa_setup";
};

export type SystemActor = { kind: "system"; reason: string; locale: Locale };

export type Actor = UserActor | SystemActor;

export type Locale = "zh-CN" | "en";
export const LOCALES: Locale[] = ["zh-CN", "en"];
export const DEFAULT_LOCALE: Locale = "zh-CN";

export const SUPER_PERMISSION = "*";

export function hasPermission(actor: Actor, code: string): boolean {
  if (actor.kind === "system") return true;
  return actor.permissions.includes(SUPER_PERMISSION) || actor.permissions.includes(code);
}

export function systemActor(reason: string): SystemActor {
  return { kind: "system", reason, locale: DEFAULT_LOCALE };
}

export function actorLabel(actor: Actor): string {
  return actor.kind === "system" ? `system:${actor.reason}` : actor.username;
}
