/** Who the caller is in OPS: whoami, and the binding flow for chat accounts with no OPS user yet. */
import { bindInstructionsCard, whoamiCard } from "@ops/cards";
import { data } from "./api-client.ts";
import { localeOf, type Answer, type AnswerCtx } from "./answer.ts";

export type Me = {
  id: string; username: string; display_name: string; dept_name: string | null; locale: string;
  roles: Array<{ name: string }>; permissions: string[]; mfa_enabled: boolean;
};
type Binding = { id: string; platform: string; external_user_id: string; created_at: string };

/**
 * GET /auth/me as the caller. In chat the answer is then in the user's own language; the web
 * console keeps the language the PWA is showing.
 */
export async function loadMe(ctx: AnswerCtx): Promise<Me> {
  const me = await data<Me>(ctx.api.as(ctx.caller).api.v1.auth.me.$get());
  if (ctx.caller.kind === "chat") ctx.locale = localeOf(me.locale);
  return me;
}

export async function bindingOfCaller(ctx: AnswerCtx): Promise<Binding | undefined> {
  const list = await data<Binding[]>(ctx.api.as(ctx.caller).api.v1.im.bindings.$get());
  return list.find((b) => b.platform === ctx.platform && b.external_user_id === ctx.externalUserId);
}

export async function whoamiAnswer(ctx: AnswerCtx): Promise<Answer> {
  const me = await loadMe(ctx);
  const binding = ctx.platform === "web" ? undefined : await bindingOfCaller(ctx);
  const card = whoamiCard({
    displayName: me.display_name, username: me.username, deptName: me.dept_name, roles: me.roles.map((r) => r.name),
    platform: ctx.platform, externalUserId: ctx.platform === "web" ? me.username : ctx.externalUserId, mfaEnabled: me.mfa_enabled, boundAt: binding?.created_at,
  }, ctx.locale);
  return { kind: "whoami", card, entity: { type: "user", id: me.id }, userId: me.id };
}

/**
 * A one-time link (10 min) that binds this chat account once its owner confirms in the app. It is
 * a credential: the answer is private (delivery sends it to the user only, never to a group). The
 * request carries what the confirm page shows: who asks, from which workspace.
 */
export async function bindAnswer(ctx: AnswerCtx): Promise<Answer> {
  if (ctx.caller.kind !== "chat" || ctx.platform === "web") throw new Error("bind needs a chat caller");
  const who = ctx.requester ?? {};
  // Best effort: the confirm page shows the id anyway when the platform will not say the name.
  const name = who.name ?? (await who.lookupName?.().catch(() => undefined));
  const req = await data<{ code: string; expires_at: string; url: string | null }>(
    ctx.api.as(ctx.caller).api.v1.im["bind-requests"].$post({
      json: { name: name?.slice(0, 100) ?? null, workspace_id: who.workspace?.id ?? null, workspace_name: who.workspace?.name ?? null, origin: who.origin ?? null },
    }),
  );
  // The link's lifetime is the API's (10 min), which the card states. No public URL known: the code instead.
  const card = bindInstructionsCard({ platform: ctx.platform, prefix: ctx.prefix, ...(req.url ? { bindUrl: req.url } : { code: req.code }) }, ctx.locale);
  return { kind: "bind", card, private: true };
}

/** The same instructions without the link or code: safe to show where others read (e.g. in place of a whoami card). */
export function bindHintAnswer(ctx: AnswerCtx): Answer {
  const platform = ctx.platform === "web" ? "web" : ctx.platform;
  return { kind: "bind", card: bindInstructionsCard({ platform, prefix: ctx.prefix }, ctx.locale) };
}
