import { conflict, notFound, type UserActor } from "@ops/shared";
import { noteAudit } from "../../../platform/context.ts";
import type { IamDeps } from "../iam.deps.ts";

export type LinkedIdentity = { id: string; provider: string; subject: string; name: string | null; created_at: string };

type Row = { id: string; provider: string; subject: string; profile: string | null; created_at: string };

/**
 * My accounts at other platforms (sign-in links and chat bindings alike), and unlinking one.
 * The last way to sign in is kept: an account without a password cannot drop its only link.
 */
export function createLinkedIdentities(deps: Pick<IamDeps, "db">) {
  const { db } = deps;

  async function list(actor: UserActor): Promise<LinkedIdentity[]> {
    const rows = await db.all<Row>("SELECT id, provider, subject, profile, created_at FROM user_identities WHERE user_id = ? ORDER BY created_at, id", [actor.userId]);
    return rows.map((r) => ({ id: r.id, provider: r.provider, subject: r.subject, name: nameOf(r.profile), created_at: r.created_at }));
  }

  async function unlink(actor: UserActor, id: string): Promise<void> {
    await db.tx(async () => {
      const mine = (await list(actor)).find((i) => i.id === id);
      if (!mine) throw notFound("iam.identity_not_found");
      const user = await db.get<{ password_hash: string | null }>("SELECT password_hash FROM users WHERE id = ?", [actor.userId]);
      const others = await db.get<{ n: number }>("SELECT COUNT(*) AS n FROM user_identities WHERE user_id = ? AND id <> ?", [actor.userId, id]);
      if (!user?.password_hash && Number(others?.n ?? 0) === 0) throw conflict("iam.identity_last_sign_in", { provider: mine.provider });
      await db.run("DELETE FROM user_identities WHERE id = ? AND user_id = ?", [id, actor.userId]);
      noteAudit({ resourceType: "user", resourceId: actor.userId, before: { provider: mine.provider, subject: mine.subject, name: mine.name } });
    });
  }

  return { list, unlink };
}

function nameOf(profile: string | null): string | null {
  if (!profile) return null;
  try {
    const p = JSON.parse(profile) as Record<string, unknown>;
    const name = p.name ?? p.preferred_username ?? p.email;
    return typeof name === "string" && name ? name : null;
  } catch {
    return null;
  }
}
