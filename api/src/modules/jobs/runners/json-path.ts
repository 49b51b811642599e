/** `$.a.b[0].c` over parsed JSON, own properties only (no prototype walk); undefined when absent. */
export function lookupPath(value: unknown, path: string): unknown {
  const steps = path.slice(1).match(/\.[A-Za-z0-9_-]+|\[\d+\]/g) ?? [];
  let cur: unknown = value;
  for (const step of steps) {
    if (cur === null || typeof cur !== "object") return undefined;
    const key = step.startsWith("[") ? Number(step.slice(1, -1)) : step.slice(1);
    if (Array.isArray(cur) && typeof key === "number") cur = cur[key];
    else if (!Array.isArray(cur) && typeof key === "string" && Object.hasOwn(cur, key)) cur = (cur as Record<string, unknown>)[key];
    else return undefined;
  }
  return cur;
}
