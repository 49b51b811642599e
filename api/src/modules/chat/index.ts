/** The web chat console's routes and the port the bot core implements. */
export { chatRoutes } from "./chat.routes.ts";
export type { ChatConsole, ChatConsoleSlot, ConsoleAction, ConsoleCaller, ConsoleCard } from "./chat.port.ts";
