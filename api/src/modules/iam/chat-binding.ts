import { AppError, badRequest, conflict, notFound, type UserActor } from "@ops/shared";
import { addMs, iso } from "../../platform/clock.ts";
import { newId, sha256 } from "../../platform/crypto.ts";
import { noteAudit } from "../../platform/context.ts";
import { insertRow } from "../../platform/db/query.ts";
import type { IamDeps } from "./iam.deps.ts";
import { CHAT_PLATFORMS, type ChatUser } from "./chat-identity.ts";

const CODE_TTL_MS = 10 * 60_000;
// No 0/O, 1/I/L: codes are read off a chat message and typed on a phone.
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export type BindRequest = { code: string; expires_at: string; url: string };
export type Binding = { id: string; platform: string; external_user_id: string; name: string | null; created_at: string };

type TicketRow = { id: string; payload: string; expires_at: string; used_at: string | null };

/** `/ops bind` from chat → a one-time code; the signed-in user confirms it in the PWA or API. */
export function createChatBindings(deps: IamDeps) {
  const { db, clock } = deps;
  const normalize = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, "");

  async function request(chat: ChatUser, name: string | null): Promise<BindRequest> {
    const raw = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => ALPHABET[b % ALPHABET.length]).join("");
    const code = `${raw.slice(0, 4)}-${raw.slice(4)}`;
    const now = clock.now();
    const expires = iso(addMs(now, CODE_TTL_MS));
    await insertRow(db, "auth_tickets", {
      id: sha256(`im_bind:${raw}`), kind: "im_bind", payload: JSON.stringify({ ...chat, name }), created_at: iso(now), expires_at: expires,
    });
    noteAudit({ action: "im.bind_request", resourceType: "chat_account", resourceId: `${chat.platform}:${chat.userId}` });
    return { code, expires_at: expires, url: `${deps.env.OPS_PUBLIC_URL ?? ""}/account/bindings?code=${code}` };
  }

  async function confirm(actor: UserActor, code: string): Promise<Binding> {
    const now = iso(clock.now());
    return db.tx(async () => {
      const ticket = await db.get<TicketRow>("SELECT id, payload, expires_at, used_at FROM auth_tickets WHERE id = ? AND kind = 'im_bind'", [sha256(`im_bind:${normalize(code)}`)]);
      if (!ticket || ticket.used_at || ticket.expires_at <= now) throw badRequest("im.bind_code_invalid", [{ field: "code", message: "im.bind_code_invalid" }]);
      const chat = JSON.parse(ticket.payload) as ChatUser & { name: string | null };
      const existing = await db.get<{ id: string; user_id: string }>("SELECT id, user_id FROM user_identities WHERE provider = ? AND subject = ?", [chat.platform, chat.userId]);
      if (existing && existing.user_id !== actor.userId) throw conflict("im.already_bound", { platform: chat.platform });
      await db.run("UPDATE auth_tickets SET used_at = ? WHERE id = ?", [now, ticket.id]);
      const id = existing?.id ?? newId();
      if (!existing) {
        await insertRow(db, "user_identities", { id, user_id: actor.userId, provider: chat.platform, subject: chat.userId, profile: JSON.stringify({ name: chat.name }), created_at: now });
      }
      const binding = { id, platform: chat.platform, external_user_id: chat.userId, name: chat.name, created_at: now };
      noteAudit({ action: "im.bind", resourceType: "chat_account", resourceId: `${chat.platform}:${chat.userId}`, after: binding });
      return binding;
    });
  }

  async function list(actor: UserActor): Promise<Binding[]> {
    const rows = await db.all<{ id: string; provider: string; subject: string; profile: string | null; created_at: string }>(
      `SELECT id, provider, subject, profile, created_at FROM user_identities WHERE user_id = ? AND provider IN (${CHAT_PLATFORMS.map(() => "?").join(", ")}) ORDER BY created_at`,
      [actor.userId, ...CHAT_PLATFORMS],
    );
    return rows.map((r) => ({ id: r.id, platform: r.provider, external_user_id: r.subject, name: nameOf(r.profile), created_at: r.created_at }));
  }

  async function remove(actor: UserActor, id: string): Promise<void> {
    const mine = (await list(actor)).find((b) => b.id === id);
    if (!mine) throw notFound("im.binding_not_found");
    await db.run("DELETE FROM user_identities WHERE id = ? AND user_id = ?", [id, actor.userId]);
    noteAudit({ action: "im.unbind", resourceType: "chat_account", resourceId: `${mine.platform}:${mine.external_user_id}`, before: mine });
  }

  return { request, confirm, list, remove };
}

function nameOf(profile: string | null): string | null {
  try {
    return (JSON.parse(profile ?? "null") as { name?: string } | null)?.name ?? null;
  } catch {
    return null;
  }
}

export const chatUnbound = () => new AppError("im.unbound", { status: 401 });
