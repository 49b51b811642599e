/**
 * `ticket new <title>` (工单 新建) in chat and the ticket card's next-step buttons, through the API as
 * the caller so the ticket rules (who may move it when), data scopes and audit are the web's.
 */
import { ticketCard, type Card, type CardAction } from "@ops/cards";
import type { Locale } from "@ops/shared";
import { ticketNumber, type Ticket, type TicketAction } from "@ops/shared/contracts/tickets.ts";
import { ApiCallError, data } from "./api-client.ts";
import { errorAnswer, type ActionAnswer, type Answer, type AnswerCtx } from "./answer.ts";
import { loadMe } from "./identity.ts";

const TIME_ZONE = "Asia/Shanghai";
type Option = { label: string; value: string };

/** The ticket card of one ticket (also what the API's refreshes render: data is the Ticket). */
export function ticketCardOf(tk: Ticket, locale: Locale, assignees: Option[] = []): Card {
  return ticketCard({
    ticketId: tk.id, number: ticketNumber(tk.no), title: tk.title, status: tk.status, priority: tk.priority, kind: tk.kind,
    reporter: tk.reporter?.display_name ?? "", ...(tk.assignee ? { assignee: tk.assignee.display_name } : {}),
    createdAt: tk.created_at, slaBreached: tk.sla_breached, ...(tk.description ? { description: tk.description } : {}),
    assignees, timeZone: TIME_ZONE,
  }, locale);
}

const ticketsApi = (ctx: AnswerCtx) => ctx.api.as(ctx.caller).api.v1.tickets;

/** Engineers the caller may pick, when the ticket waits on a PM and the caller is one (else none: "assign to me" only). */
async function assigneesFor(ctx: AnswerCtx, tk: Ticket): Promise<Option[]> {
  if (tk.status !== "reviewed") return [];
  const list = await data<{ items: Array<{ username: string; display_name: string }> }>(ticketsApi(ctx).assignees.$get()).catch(() => null);
  return (list?.items ?? []).slice(0, 50).map((u) => ({ label: u.display_name || u.username, value: u.username }));
}

async function answerOf(ctx: AnswerCtx, tk: Ticket): Promise<Answer> {
  return { kind: "ticket", card: ticketCardOf(tk, ctx.locale, await assigneesFor(ctx, tk)), entity: { type: "ticket", id: tk.id } };
}

/** `ticket new <title>`: an issue of medium priority opened as the caller, answered with its card. */
export async function ticketNewAnswer(ctx: AnswerCtx, title: string): Promise<Answer> {
  const tk = await data<Ticket>(ticketsApi(ctx).$post({ json: { title, kind: "issue", priority: "medium", description: "" } }));
  return answerOf(ctx, tk);
}

/**
 * A next-step button (`ticket.move` with `{id, action}`): the comment and the engineer come from the
 * card's fields, `assignee: "me"` is the clicker. A step no longer possible (someone moved it first)
 * or not the clicker's gets the API's answer as an error card, and the card shows the ticket as it is now.
 */
export async function moveTicketAction(ctx: AnswerCtx, action: CardAction): Promise<ActionAnswer> {
  const id = String(action.value.id ?? "");
  const step = String(action.value.action ?? "") as TicketAction;
  const comment = action.inputs.comment?.trim() || undefined;
  let assignee = action.value.assignee === "me" ? (await loadMe(ctx)).username : action.inputs.assignee?.trim() || undefined;
  if (step !== "assign") assignee = undefined;
  const api = ticketsApi(ctx)[":id"];
  try {
    const tk = await data<Ticket>(api.transitions.$post({ param: { id }, json: { action: step, ...(comment ? { comment } : {}), ...(assignee ? { assignee } : {}) } }));
    return { update: await answerOf(ctx, tk), cards: [] };
  } catch (error) {
    if (!(error instanceof ApiCallError) || ![400, 403, 409].includes(error.status)) throw error;
    const refused = errorAnswer(ctx, error);
    const now = await data<Ticket>(api.$get({ param: { id } })).catch(() => null);
    return { update: now ? await answerOf(ctx, now) : null, cards: [refused] };
  }
}
