import { forbidden, unauthenticated } from "@ops/shared";
import { currentContext } from "../../../platform/context.ts";
import type { IamDeps } from "../iam.deps.ts";
import { finishLogin, lockError, recordFailure, type LoginResult } from "../auth/index.ts";
import { maskPhone, type SmsCodes } from "./sms-codes.ts";

type PhoneUser = {
  id: string; username: string; status: string; must_change_password: number; locked_until: string | null;
  phone: string; locale: string | null; mfa_enabled: number; mfa_secret: string | null; mfa_sms: number;
};

/** The forms a stored number may take for one typed number: as typed, and with or without the +86 country code. */
export function phoneVariants(phone: string): string[] {
  const digits = phone.replace(/[\s()-]/g, "");
  const national = digits.replace(/^(?:\+86|0086)/, "");
  return [...new Set([digits, national, `+86${national}`, `+86 ${national}`])];
}

/**
 * Sign-in by phone (seed 001 短信验证码): a code to the phone of the one active account that has it, then the code
 * signs in like a password would (lockout, MFA step, login log with provider `sms`). The answer to a send is the same
 * whether or not an account has the number, so numbers cannot be probed; a number two accounts share gets nothing.
 */
export function createSmsLogin(deps: IamDeps, codes: SmsCodes) {
  const { db, clock, audit } = deps;

  async function findUser(phone: string): Promise<PhoneUser | null> {
    const variants = phoneVariants(phone);
    const rows = await db.all<PhoneUser>(
      `SELECT id, username, status, must_change_password, locked_until, phone, locale, mfa_enabled, mfa_secret, mfa_sms FROM users
        WHERE phone IN (${variants.map(() => "?").join(", ")}) AND deleted_at IS NULL`,
      variants,
    );
    return rows.length === 1 ? rows[0]! : null;
  }

  return {
    async send(phone: string): Promise<{ sent: true; phone: string; expires_in: number }> {
      const ip = currentContext()?.ip ?? null;
      await codes.limit(phone.replace(/[\s()-]/g, ""), ip);
      const user = await findUser(phone);
      let expiresInS = 300;
      if (user && user.status === "active" && !lockError(user, clock.now())) {
        ({ expiresInS } = await codes.issue({ purpose: "login", userId: user.id, phone: user.phone, ip, locale: user.locale === "en" ? "en" : "zh-CN" }));
      }
      return { sent: true, phone: maskPhone(phone), expires_in: expiresInS };
    },

    async login(phone: string, code: string): Promise<LoginResult> {
      const ctx = currentContext();
      const user = await findUser(phone);
      const refuse = async (error: unknown, reason: string, who?: PhoneUser): Promise<never> => {
        await audit.recordLogin({ username: who?.username ?? maskPhone(phone), userId: who?.id, provider: "sms", success: false, reason, ctx });
        throw error;
      };
      if (!user) return refuse(unauthenticated("iam.sms_invalid_code"), "unknown_user");
      const locked = lockError(user, clock.now());
      if (locked) return refuse(locked, "locked", user);
      if (user.status !== "active") return refuse(forbidden("iam.account_disabled"), "disabled", user);
      try {
        await codes.consume("login", user.id, code);
      } catch (error) {
        const lockedByThis = await recordFailure(deps, user.id);
        return refuse(lockedByThis ?? error, "sms_failed", user);
      }
      // A phone that is also the account's only second factor cannot be both steps of one sign-in.
      if (Number(user.mfa_enabled) === 1 && !user.mfa_secret) return refuse(forbidden("iam.sms_login_needs_password"), "sms_is_second_factor", user);
      return finishLogin(deps, user, "sms");
    },
  };
}
