import { z } from "@hono/zod-openapi";
import type { Clock } from "../../../platform/clock.ts";
import { invalidFields } from "../jobs.errors.ts";
import { occurrencesAfter } from "../schedule/index.ts";
import { createJobBody } from "./job.schema.ts";
import { scheduleErrors } from "./validate.ts";

/** `{schedule, count}`: the schedule exactly as a job body takes it (so errors name `schedule.cron` as on save). */
export const nextFiresPreviewBody = z.object({
  schedule: createJobBody.shape.schedule,
  count: z.number().int().min(1).max(50).default(5),
}).strict();

/**
 * The next fires of a schedule that is not saved yet (the job form's cron helper), checked with
 * the same rules as a save. A fixed rate counts from now, as a new or edited schedule does.
 */
export function previewNextFires(clock: Clock, input: z.infer<typeof nextFiresPreviewBody>): { fires: string[]; timezone: string | null } {
  const checked = scheduleErrors(input.schedule);
  if (checked.errors.length) throw invalidFields(checked.errors);
  const now = clock.now();
  const fires = occurrencesAfter(checked.value, now, input.count, now).map((d) => d.toISOString());
  return { fires, timezone: checked.value && "cron" in checked.value ? checked.value.timezone : null };
}
