/** In-app inbox, the live hub, the SSE stream and its tickets. Siblings and the notify root import from here. */
export { inboxRoutes } from "./inbox.routes.ts";
export { createInbox, parseJson } from "./inbox.ts";
export { createLiveHub, type LiveHub, type LiveNotification } from "./live-hub.ts";
export { createStreamTickets } from "./stream-tickets.ts";
export { streamRoutes } from "./stream.routes.ts";
