import type { Hook } from "@hono/zod-openapi";
import type { AppEnv } from "./types.ts";
import { AppError, type FieldError } from "@ops/shared";

/** zod failures become 40001 with one `{field, message}` per issue, in the caller's language. */
export const validationHook: Hook<any, AppEnv, any, any> = (result) => {
  if (result.success) return;
  const input = (result as { data?: unknown }).data;
  const errors: FieldError[] = result.error.issues.flatMap((issue) => {
    // An unknown key is an error of that key, not of the object around it.
    const paths = issue.code === "unrecognized_keys" ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    return paths.map((path) => ({ field: path.join(".") || result.target, ...issueMessage(issue as Issue, valueAt(input, path)) }));
  });
  throw new AppError("common.validation", { status: 400, errors });
};

type Issue = {
  code: string;
  message: string;
  path: PropertyKey[];
  /** zod 4: what was measured ("string", "number", "array", "set", "date", ...) */
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  values?: unknown[];
};

/**
 * A message key and its parameters per issue. The wording depends on what was checked: strings
 * have a length, numbers a value, lists a count; a missing or empty required field says so.
 */
function issueMessage(issue: Issue, value: unknown): Pick<FieldError, "message" | "params"> {
  // A schema may carry its own message key (`z.string().min(8, "iam.password_too_short")`).
  if (/^[a-z_]+\.[a-z_.]+$/.test(issue.message)) return { message: issue.message };
  const origin = issue.origin ?? "";
  const min = issue.minimum === undefined ? undefined : Number(issue.minimum);
  const max = issue.maximum === undefined ? undefined : Number(issue.maximum);
  switch (issue.code) {
    case "invalid_type":
      // zod 4 does not report the input by default: look it up in what was validated.
      return { message: value === undefined || value === null ? "validation.required" : "validation.invalid_type" };
    case "too_small":
      if (origin === "string") return min === 1 ? { message: "validation.empty" } : { message: "validation.too_short", params: { min } };
      if (origin === "array" || origin === "set") return min === 1 ? { message: "validation.empty" } : { message: "validation.too_few", params: { min } };
      if (origin === "number" || origin === "bigint" || origin === "int") {
        return { message: issue.inclusive === false ? "validation.number_above" : "validation.number_min", params: { min } };
      }
      return { message: "validation.invalid" };
    case "too_big":
      if (origin === "string") return { message: "validation.too_long", params: { max } };
      if (origin === "array" || origin === "set") return { message: "validation.too_many", params: { max } };
      if (origin === "number" || origin === "bigint" || origin === "int") {
        return { message: issue.inclusive === false ? "validation.number_below" : "validation.number_max", params: { max } };
      }
      return { message: "validation.invalid" };
    case "invalid_value":
      if (value === undefined || value === "") return { message: "validation.required" };
      return { message: "validation.invalid_option", params: { options: (issue.values ?? []).map(String).join(", ") } };
    case "unrecognized_keys":
      return { message: "validation.unknown_field" };
    default:
      return { message: "validation.invalid" };
  }
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}
