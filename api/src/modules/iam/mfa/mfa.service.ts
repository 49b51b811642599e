import { badRequest, conflict, forbidden, type UserActor } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import { noteAudit } from "../../../platform/context.ts";
import type { IamDeps } from "../iam.deps.ts";
import { confirmPassword, MFA_DEMANDED_SQL, currentRestriction, tokenData, type TokenData } from "../auth/index.ts";
import { deleteRecoveryCodes, replaceRecoveryCodes } from "./mfa-recovery.ts";
import { claimTotpStep, matchTotp, newTotpSecret, otpauthUrl, qrDataUrl } from "./mfa-totp.ts";
import { reissueSession } from "../sessions/index.ts";

/** `mfa_enabled` is "a second factor is on" (TOTP, SMS or both); TOTP is on when `mfa_secret` is set. */
type MfaRow = { username: string; mfa_enabled: number; mfa_secret: string | null; mfa_sms: number; mfa_pending_secret: string | null; mfa_demanded: number };

/** Binding, unbinding and recovery codes of the signed-in user's TOTP authenticator. */
export function createMfaService(deps: IamDeps) {
  const { db, clock, secrets } = deps;

  async function state(userId: string): Promise<MfaRow> {
    const row = await db.get<MfaRow>(
      `SELECT u.username, u.mfa_enabled, u.mfa_secret, u.mfa_sms, u.mfa_pending_secret, ${MFA_DEMANDED_SQL} FROM users u WHERE u.id = ?`,
      [userId],
    );
    return row!;
  }

  /** A new pending secret (replacing an unfinished one); it only counts once enabled with a code. */
  async function setup(actor: UserActor) {
    const s = await state(actor.userId);
    if (s.mfa_secret) throw conflict("iam.mfa_already_enabled");
    const secret = newTotpSecret();
    const sealed = await secrets.encrypt(secret);
    await db.run("UPDATE users SET mfa_pending_secret = ?, updated_at = ? WHERE id = ?", [sealed, iso(clock.now()), actor.userId]);
    noteAudit({ resourceType: "user", resourceId: actor.userId, after: { mfa_setup_started: true } });
    const url = otpauthUrl(secret, s.username);
    return { secret, otpauth_url: url, qr_data_url: await qrDataUrl(url) };
  }

  async function enable(actor: UserActor, code: string): Promise<{ recovery_codes: string[]; tokens?: TokenData }> {
    const s = await state(actor.userId);
    if (s.mfa_secret) throw conflict("iam.mfa_already_enabled");
    if (!s.mfa_pending_secret) throw badRequest("iam.mfa_setup_not_started");
    const step = matchTotp(await secrets.decrypt(s.mfa_pending_secret), code, clock.now());
    if (step === null) throw badRequest("iam.mfa_invalid_code", [{ field: "code", message: "iam.mfa_invalid_code" }]);
    const codes = await db.tx(async () => {
      await db.run(
        "UPDATE users SET mfa_secret = mfa_pending_secret, mfa_pending_secret = NULL, mfa_enabled = 1, mfa_last_step = NULL, updated_at = ? WHERE id = ?",
        [iso(clock.now()), actor.userId],
      );
      await claimTotpStep(db, actor.userId, step);
      return replaceRecoveryCodes(deps, actor.userId);
    });
    noteAudit({ resourceType: "user", resourceId: actor.userId, before: { mfa_enabled: false }, after: { mfa_enabled: true } });
    if (actor.restricted !== "mfa_setup" || !actor.sessionId) return { recovery_codes: codes };
    const provider = await sessionProvider(actor.sessionId);
    const restricted = await currentRestriction(deps, actor.userId, provider);
    return { recovery_codes: codes, tokens: tokenData(await reissueSession(deps, actor.sessionId, restricted), restricted) };
  }

  async function disable(actor: UserActor, password: string): Promise<{ mfa_enabled: boolean }> {
    const s = await state(actor.userId);
    if (!s.mfa_secret) throw conflict("iam.mfa_not_enabled");
    // a role's MFA demand is met by SMS too: the authenticator may go while the SMS factor stays
    const smsStays = Number(s.mfa_sms) === 1;
    if (Number(s.mfa_demanded) === 1 && !smsStays) throw forbidden("iam.mfa_required_by_role");
    await confirmPassword(deps, actor.userId, password, "password");
    await db.tx(async () => {
      await db.run(
        "UPDATE users SET mfa_enabled = ?, mfa_secret = NULL, mfa_pending_secret = NULL, mfa_last_step = NULL, updated_at = ? WHERE id = ?",
        [smsStays ? 1 : 0, iso(clock.now()), actor.userId],
      );
      await deleteRecoveryCodes(deps, actor.userId);
    });
    noteAudit({ resourceType: "user", resourceId: actor.userId, before: { mfa_enabled: true, totp: true }, after: { mfa_enabled: smsStays, totp: false } });
    return { mfa_enabled: smsStays };
  }

  async function regenerateRecoveryCodes(actor: UserActor, password: string): Promise<{ recovery_codes: string[] }> {
    const s = await state(actor.userId);
    if (Number(s.mfa_enabled) !== 1) throw conflict("iam.mfa_not_enabled");
    await confirmPassword(deps, actor.userId, password, "password");
    const codes = await replaceRecoveryCodes(deps, actor.userId);
    noteAudit({ resourceType: "user", resourceId: actor.userId, after: { recovery_codes_regenerated: codes.length } });
    return { recovery_codes: codes };
  }

  async function sessionProvider(sessionId: string): Promise<string> {
    return (await db.get<{ provider: string }>("SELECT provider FROM sessions WHERE id = ?", [sessionId]))?.provider ?? "password";
  }

  return { setup, enable, disable, regenerateRecoveryCodes };
}
