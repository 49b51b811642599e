import type { VerifiedUser } from "../auth/index.ts";
import type { IamDeps } from "../iam.deps.ts";
import { createUser, isSuperAdmin, link, SignInRefused, usable, type UserRow } from "./identities.ts";
import type { ImIdentity, ImOAuthProvider } from "./sso.types.ts";

const USER_COLUMNS = "u.id, u.username, u.status, u.deleted_at";

/**
 * A Feishu / DingTalk / WeCom account → an OPS user, through ids only, never a display name:
 * 1. the bound identity (user_identities provider + subject: a chat binding or an earlier sign-in);
 * 2. the directory link (users.feishu_id / dingtalk_id / wechat_work_id holds one of the platform's ids),
 *    then bound, so the bot knows the person at once; never for a super administrator, who binds by hand;
 * 3. otherwise refused, or created when OPS_SSO_IM_AUTO_CREATE is on.
 */
export async function resolveImUser(deps: IamDeps, provider: ImOAuthProvider, identity: ImIdentity, autoCreate: boolean): Promise<VerifiedUser> {
  const { db } = deps;
  return db.tx(async () => {
    const linked = await db.get<UserRow>(
      `SELECT ${USER_COLUMNS} FROM user_identities i JOIN users u ON u.id = i.user_id WHERE i.provider = ? AND i.subject = ?`,
      [provider.id, identity.subject],
    );
    if (linked) return usable(linked);
    const ids = identity.directoryIds;
    const matches = ids.length
      ? await db.all<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.${provider.directoryColumn} IN (${ids.map(() => "?").join(", ")}) AND u.deleted_at IS NULL`, ids)
      : [];
    if (matches.length > 1) throw new SignInRefused("iam.sso_no_account", 403, "directory_link_ambiguous");
    const match = matches[0];
    if (match) {
      const user = usable(match);
      if (await isSuperAdmin(deps, user.id)) throw new SignInRefused("iam.sso_no_account", 403, "admin_not_auto_linked");
      await link(deps, user.id, provider.id, identity);
      return user;
    }
    if (!autoCreate) throw new SignInRefused("iam.sso_no_account", 403, "no_account");
    const created = await createUser(deps, provider.id, identity);
    await db.run(`UPDATE users SET ${provider.directoryColumn} = ? WHERE id = ?`, [identity.subject, created.id]);
    return created;
  });
}
