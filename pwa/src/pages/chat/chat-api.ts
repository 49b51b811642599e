import type { CardAction, WebCard } from "@ops/cards";
import { api } from "../../data/client.ts";

/** The web chat console's two calls: a command answered with cards, a card button answered with a replacement and more cards. */
export type CommandReply = { cards: WebCard[] };
export type ActionReply = { update: WebCard | null; cards: WebCard[] };

export const chatApi = {
  command: (text: string) => api.post<CommandReply>("/chat/commands", { text }),
  action: (a: CardAction) => api.post<ActionReply>("/chat/actions", a),
};
