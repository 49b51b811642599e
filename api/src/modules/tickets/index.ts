/** 运维工单 (seed 004). Others reach it only through this file. */
export { createTickets, type TicketsService } from "./tickets.service.ts";
export { ticketsRoutes } from "./tickets.routes.ts";
export type { TicketsDeps } from "./tickets.deps.ts";
export { ticketsDemoSeeder } from "./tickets.demo.ts";
export { ticketSamplesDemoSeeder } from "./tickets-samples.demo.ts";
export { ticketsWidgets } from "./tickets.widgets.ts";
