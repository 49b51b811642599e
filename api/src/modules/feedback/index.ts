/** Feedback: filed from any page or chat, tracked by handlers to done. Others reach it only through this file. */
export { createFeedback, type FeedbackService } from "./feedback.service.ts";
export { feedbackRoutes } from "./feedback.routes.ts";
export type { FeedbackDeps } from "./feedback.deps.ts";
export { feedbackDemoSeeder } from "./feedback.demo.ts";
