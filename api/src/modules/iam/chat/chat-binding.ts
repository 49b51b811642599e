import { AppError, badRequest, conflict, notFound, type UserActor } from "@ops/shared";
import { addMs, iso } from "../../../platform/clock.ts";
import { newId, sha256 } from "../../../platform/crypto.ts";
import { currentContext, noteAudit } from "../../../platform/context.ts";
import { insertRow } from "../../../platform/db/query.ts";
import type { IamDeps } from "../iam.deps.ts";
import { CHAT_PLATFORMS, type ChatUser } from "./chat-identity.ts";
import { clearBindConfirmLimit, limitBindConfirm } from "./chat-binding-limit.ts";
import { assertRecentAuth, reauthRequired, type BindProof } from "./chat-binding-reauth.ts";

const CODE_TTL_MS = 10 * 60_000;
// No 0/O, 1/I/L: codes are read off a chat message and typed on a phone.
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** `url` is null when no public origin is known (no OPS_PUBLIC_URL, no origin from the callback): the code alone then. */
export type BindRequest = { code: string; expires_at: string; url: string | null };
export type Binding = { id: string; platform: string; external_user_id: string; name: string | null; created_at: string };
/** Who asked for a code, as the bot saw them (the confirm page shows it before anything is bound). */
export type Requester = { name: string | null; workspace_id: string | null; workspace_name: string | null };
export type BindPreview = Requester & { platform: string; external_user_id: string; expires_at: string; reauth_required: boolean };

type TicketRow = { id: string; payload: string; expires_at: string; used_at: string | null };
type TicketPayload = ChatUser & Partial<Requester>;

/** `/ops bind` from chat → a one-time code; the signed-in user confirms it in the PWA or API. */
export function createChatBindings(deps: IamDeps) {
  const { db, clock } = deps;
  const normalize = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, "");

  /** `origin` is where the chat callback reached us: used only when OPS_PUBLIC_URL is not set. */
  async function request(chat: ChatUser, who: Requester, origin: string | null): Promise<BindRequest> {
    const raw = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => ALPHABET[b % ALPHABET.length]).join("");
    const code = `${raw.slice(0, 4)}-${raw.slice(4)}`;
    const now = clock.now();
    const expires = iso(addMs(now, CODE_TTL_MS));
    const payload: TicketPayload = { ...chat, ...who };
    await insertRow(db, "auth_tickets", {
      id: sha256(`im_bind:${raw}`), kind: "im_bind", payload: JSON.stringify(payload), created_at: iso(now), expires_at: expires,
    });
    noteAudit({ action: "im.bind_request", resourceType: "chat_account", resourceId: `${chat.platform}:${chat.userId}` });
    const base = deps.env.OPS_PUBLIC_URL?.replace(/\/+$/, "") ?? origin;
    return { code, expires_at: expires, url: base ? `${base}/account/bindings?code=${code}` : null };
  }

  async function ticketOf(code: string): Promise<{ ticket: TicketRow; chat: TicketPayload }> {
    const ticket = await db.get<TicketRow>("SELECT id, payload, expires_at, used_at FROM auth_tickets WHERE id = ? AND kind = 'im_bind'", [sha256(`im_bind:${normalize(code)}`)]);
    if (!ticket || ticket.used_at || ticket.expires_at <= iso(clock.now())) throw badRequest("im.bind_code_invalid", [{ field: "code", message: "im.bind_code_invalid" }]);
    return { ticket, chat: JSON.parse(ticket.payload) as TicketPayload };
  }

  /** What the confirm page shows: which chat account asks, and whether the password is needed again. */
  async function preview(actor: UserActor, code: string): Promise<BindPreview> {
    await limitBindConfirm(deps, actor.userId, currentContext()?.ip ?? null);
    const { ticket, chat } = await ticketOf(code);
    return {
      platform: chat.platform, external_user_id: chat.userId, name: chat.name ?? null,
      workspace_id: chat.workspace_id ?? null, workspace_name: chat.workspace_name ?? null,
      expires_at: ticket.expires_at, reauth_required: await reauthRequired(deps, actor),
    };
  }

  async function confirm(actor: UserActor, code: string, proof: BindProof = {}): Promise<Binding> {
    await limitBindConfirm(deps, actor.userId, currentContext()?.ip ?? null);
    await ticketOf(code);
    // Outside the transaction: a wrong password's lockout count must not be rolled back.
    await assertRecentAuth(deps, actor, proof);
    const now = iso(clock.now());
    const binding = await db.tx(async () => {
      const { ticket, chat } = await ticketOf(code);
      const existing = await db.get<{ id: string; user_id: string }>("SELECT id, user_id FROM user_identities WHERE provider = ? AND subject = ?", [chat.platform, chat.userId]);
      if (existing && existing.user_id !== actor.userId) throw conflict("im.already_bound", { platform: chat.platform });
      await db.run("UPDATE auth_tickets SET used_at = ? WHERE id = ?", [now, ticket.id]);
      const id = existing?.id ?? newId();
      const name = chat.name ?? null;
      if (!existing) {
        const profile = { name, workspace_id: chat.workspace_id ?? null, workspace_name: chat.workspace_name ?? null };
        await insertRow(db, "user_identities", { id, user_id: actor.userId, provider: chat.platform, subject: chat.userId, profile: JSON.stringify(profile), created_at: now });
      }
      const bound = { id, platform: chat.platform, external_user_id: chat.userId, name, created_at: now };
      noteAudit({ action: "im.bind", resourceType: "chat_account", resourceId: `${chat.platform}:${chat.userId}`, after: bound });
      return bound;
    });
    await clearBindConfirmLimit(deps, actor.userId);
    return binding;
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

  return { request, preview, confirm, list, remove };
}

function nameOf(profile: string | null): string | null {
  try {
    return (JSON.parse(profile ?? "null") as { name?: string } | null)?.name ?? null;
  } catch {
    return null;
  }
}

export const chatUnbound = () => new AppError("im.unbound", { status: 401 });
