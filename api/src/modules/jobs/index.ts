/** Jobs engine: definitions, schedules, runs and runners. Others reach it only through this file. */
export { createJobs, type Jobs, type JobsStartOptions } from "./jobs.service.ts";
export { jobsRoutes } from "./jobs.routes.ts";
export type { CardsPort, JobsDeps } from "./jobs.deps.ts";
export { RUNS_QUEUE, SCHEDULE_CHANNEL } from "./jobs.deps.ts";
// What flow schedules build on: the same scheduler (a source ticks with it), occurrences and checks.
export { DEFAULT_TIMEZONE, dueOccurrences, nextOccurrence, occurrencesAfter, type ScheduleSource } from "./schedule/index.ts";
export { scheduleErrors } from "./definitions/validate.ts";
export { jobsDemoSeeder } from "./jobs.demo.ts";
export { jobsWidgets } from "./jobs.widgets.ts";
// What flows (modules/flows) build on: steps are job runs, checked and resolved like jobs'.
export { CONFIG_SCHEMAS } from "./runners/index.ts";
export { FLOW_REF_PATTERN, NODE_FIELDS, stringsIn, unknownPlaceholders, type FlowRefScope } from "./placeholders.ts";
export { zodFieldErrors } from "./definitions/validate.ts";
export { triggerOf } from "./runs/run.service.ts";
// What flow alerts build on: recipients within the data scope, episodes, the notify port.
export { alertRecipients, createEpisodes, unknownRecipients, type AlertSender } from "./alerts/index.ts";
