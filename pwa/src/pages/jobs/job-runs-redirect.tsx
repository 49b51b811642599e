import { Navigate, useParams } from "@solidjs/router";
import type { JSX } from "solid-js";

/** `/jobs/{id}/runs` (the chat's runs card links there): the runs list filtered to that job. */
export default function JobRunsRedirect(): JSX.Element {
  const params = useParams<{ id: string }>();
  return <Navigate href={`/jobs/runs?job_id=${encodeURIComponent(params.id)}`} />;
}
