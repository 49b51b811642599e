export { createScheduler, dueOccurrences, type ScheduleSource, type Scheduler, type SchedulerOptions } from "./scheduler.ts";
export { occurrencesAfter, nextOccurrence, cronProblem, isValidTimezone, isFixedDelay, DEFAULT_TIMEZONE } from "./occurrences.ts";
