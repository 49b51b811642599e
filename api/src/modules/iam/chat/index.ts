/**
 * Chat identity binding and the bot authenticator.
 * The IAM root and sibling folders reach this folder only through this file.
 */
export { chatBindingRoutes } from "./chat-binding.routes.ts";
export { createBotAuthenticator } from "./chat-identity.ts";
