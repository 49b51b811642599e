/** datetime-local values ("2026-11-23T10:00") are local time; the API wants ISO-8601 UTC. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The other way, for a datetime-local input showing an ISO instant from the URL ("" when there is none or it is not a time). */
export function isoToLocal(value: string | undefined): string {
  if (!value) return "";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A time from a link: an ISO instant, or anything Date reads ("2026-12-01"); left as typed when unreadable, so the API names the field. */
export function linkTimeToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}
