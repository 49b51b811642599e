import { badRequest, conflict, forbidden, type UserActor } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import { currentContext, noteAudit } from "../../../platform/context.ts";
import type { IamDeps } from "../iam.deps.ts";
import { confirmPassword, currentRestriction, MFA_DEMANDED_SQL, tokenData, type TokenData } from "../auth/index.ts";
import { reissueSession, verifyToken, type MfaClaims } from "../sessions/index.ts";
import { maskPhone, type SmsCodes } from "./sms-codes.ts";

type FactorRow = { username: string; phone: string | null; locale: string | null; mfa_enabled: number; mfa_secret: string | null; mfa_sms: number; mfa_demanded: number };

/**
 * SMS as a second factor (a role's MFA requirement accepts TOTP or SMS): prove the phone with a code to turn it on;
 * at sign-in the MFA step sends a code to it. Turning it off needs the password and is refused while a role demands
 * MFA and no authenticator is bound.
 */
export function createSmsFactor(deps: IamDeps, codes: SmsCodes) {
  const { db, clock } = deps;
  const row = async (userId: string) => (await db.get<FactorRow>(
    `SELECT u.username, u.phone, u.locale, u.mfa_enabled, u.mfa_secret, u.mfa_sms, ${MFA_DEMANDED_SQL} FROM users u WHERE u.id = ?`, [userId],
  ))!;
  const localeOf = (r: FactorRow) => (r.locale === "en" ? "en" : "zh-CN") as "en" | "zh-CN";

  async function setup(actor: UserActor) {
    const r = await row(actor.userId);
    if (Number(r.mfa_sms) === 1) throw conflict("iam.sms_factor_enabled");
    if (!r.phone) throw badRequest("iam.sms_no_phone", [{ field: "phone", message: "iam.sms_no_phone" }]);
    const ip = currentContext()?.ip ?? null;
    await codes.limit(r.phone, ip);
    const { expiresInS } = await codes.issue({ purpose: "bind", userId: actor.userId, phone: r.phone, ip, locale: localeOf(r) });
    return { sent: true as const, phone: maskPhone(r.phone), expires_in: expiresInS };
  }

  async function enable(actor: UserActor, code: string): Promise<{ mfa_sms: true; tokens?: TokenData }> {
    const r = await row(actor.userId);
    if (Number(r.mfa_sms) === 1) throw conflict("iam.sms_factor_enabled");
    await codes.consume("bind", actor.userId, code).catch(() => {
      throw badRequest("iam.sms_invalid_code", [{ field: "code", message: "iam.sms_invalid_code" }]);
    });
    await db.run("UPDATE users SET mfa_sms = 1, mfa_enabled = 1, updated_at = ? WHERE id = ?", [iso(clock.now()), actor.userId]);
    noteAudit({ resourceType: "user", resourceId: actor.userId, before: { mfa_sms: false }, after: { mfa_sms: true, mfa_enabled: true } });
    if (actor.restricted !== "mfa_setup" || !actor.sessionId) return { mfa_sms: true };
    const provider = (await db.get<{ provider: string }>("SELECT provider FROM sessions WHERE id = ?", [actor.sessionId]))?.provider ?? "password";
    const restricted = await currentRestriction(deps, actor.userId, provider);
    return { mfa_sms: true, tokens: tokenData(await reissueSession(deps, actor.sessionId, restricted), restricted) };
  }

  async function disable(actor: UserActor, password: string): Promise<{ mfa_sms: false; mfa_enabled: boolean }> {
    const r = await row(actor.userId);
    if (Number(r.mfa_sms) !== 1) throw conflict("iam.sms_factor_not_enabled");
    if (Number(r.mfa_demanded) === 1 && !r.mfa_secret) throw forbidden("iam.mfa_required_by_role");
    await confirmPassword(deps, actor.userId, password, "password");
    const stillOn = Boolean(r.mfa_secret);
    await db.run("UPDATE users SET mfa_sms = 0, mfa_enabled = ?, updated_at = ? WHERE id = ?", [stillOn ? 1 : 0, iso(clock.now()), actor.userId]);
    noteAudit({ resourceType: "user", resourceId: actor.userId, before: { mfa_sms: true }, after: { mfa_sms: false, mfa_enabled: stillOn } });
    return { mfa_sms: false, mfa_enabled: stillOn };
  }

  /** The MFA step of a sign-in asks for a code by SMS (the challenge token names the user). */
  async function sendForChallenge(mfaToken: string) {
    const claims = await verifyToken<MfaClaims>(deps.jwtKey, mfaToken, "mfa", clock.now());
    const r = await row(claims.sub);
    if (Number(r.mfa_sms) !== 1 || !r.phone) throw conflict("iam.sms_factor_not_enabled");
    const ip = currentContext()?.ip ?? null;
    await codes.limit(r.phone, ip);
    const { expiresInS } = await codes.issue({ purpose: "mfa", userId: claims.sub, phone: r.phone, ip, locale: localeOf(r) });
    return { sent: true as const, phone: maskPhone(r.phone), expires_in: expiresInS };
  }

  return { setup, enable, disable, sendForChallenge };
}
