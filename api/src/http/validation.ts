import type { Hook } from "@hono/zod-openapi";
import type { AppEnv } from "./types.ts";
import { AppError } from "@ops/shared";

/** zod failures become 40001 with one `{field, message}` per issue, in the caller's language. */
export const validationHook: Hook<any, AppEnv, any, any> = (result) => {
  if (result.success) return;
  const errors = result.error.issues.map((issue) => ({
    field: issue.path.join(".") || result.target,
    message: issueMessage(issue),
  }));
  throw new AppError("common.validation", { status: 400, errors, params: issueParams(result.error.issues[0]) });
};

type Issue = { code: string; message: string; minimum?: unknown; maximum?: unknown; input?: unknown };

function issueMessage(issue: Issue): string {
  // A schema may carry its own message key (`z.string().min(8, "iam.password_too_short")`).
  if (/^[a-z_]+\.[a-z_.]+$/.test(issue.message)) return issue.message;
  if (issue.code === "invalid_type" && issue.input === undefined) return "validation.required";
  if (issue.code === "too_small") return "validation.too_short";
  if (issue.code === "too_big") return "validation.too_long";
  return "validation.invalid";
}

function issueParams(issue: Issue | undefined): Record<string, unknown> {
  return { min: issue?.minimum, max: issue?.maximum };
}
