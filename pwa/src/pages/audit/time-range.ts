/** datetime-local values ("2026-11-23T10:00") are local time; the API wants ISO-8601 UTC. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
