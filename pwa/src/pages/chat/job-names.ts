import { api } from "../../data/client.ts";
import type { Page } from "../../data/types.ts";
import { can } from "../../providers/auth.ts";
import { ARGUMENT_SOURCES } from "./completion.ts";

/** Verbs whose first argument is a job name. */
const JOB_VERBS = new Set(["run", "runs", "pause", "resume", "backfill"]);

let names: string[] = [];
let loaded = false;

/**
 * Job names for completing `run <job>` and friends: the jobs the reader may see (the list API applies
 * data scopes), fetched once per page visit; nothing for users without jobs:view.
 */
export async function loadJobNames(): Promise<void> {
  if (!can("jobs:view")) return;
  try {
    names = (await api.get<Page<{ name: string }>>("/jobs", { page_size: 200, sort: "name" })).items.map((j) => j.name);
  } catch {
    // completion is a convenience: without the list the verbs still complete
    names = [];
  }
  if (!loaded) {
    loaded = true;
    ARGUMENT_SOURCES.push((verb, position) => (JOB_VERBS.has(verb) && position === 2 ? names : []));
  }
}
