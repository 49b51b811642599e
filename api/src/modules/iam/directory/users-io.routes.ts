import { OpenAPIHono, z } from "@hono/zod-openapi";
import { AppError, type Actor } from "@ops/shared";
import type { Context } from "hono";
import { ok } from "../../../http/envelope.ts";
import { localeOf } from "../../../http/locale.ts";
import { defineRoute, okJson } from "../../../http/route.ts";
import type { AppEnv } from "../../../http/types.ts";
import { validationHook } from "../../../http/validation.ts";
import { noteAudit } from "../../../platform/context.ts";
import type { IamDeps } from "../iam.deps.ts";
import { assertCanGrantRoles, assertDeptInScope, localizeUsers } from "../access/index.ts";
import { createUserQueries } from "./users.query.ts";
import { userListQuery, type User } from "./users.schema.ts";
import { createUserImport } from "./users-import.service.ts";
import { loadDirectoryRefs } from "./users-io.refs.ts";
import { XLSX_TYPE, importTemplate, usersFile, type FileAnswer } from "./users-io.files.ts";
import { importReportSchema } from "./users-io.schema.ts";

const base = { module: "iam", resourceType: "user" } as const;
/** What the export writes at most (the list API's own cap for one export). */
const EXPORT_CAP = 10_000;
const PAGE = 200;

const importUsers = defineRoute({
  ...base, method: "post", path: "/users/import", action: "user.import", access: "iam:user:create",
  summary: "Import users from an .xlsx or .csv (multipart field `file`). `dry_run=1`: a report per row, nothing written; " +
    "otherwise all rows in one transaction or none (400 naming each row's errors). `mode=upsert` edits existing usernames (needs iam:user:update). " +
    "New users must change their password at first sign-in; generated ones are returned once.",
  request: {
    query: z.object({
      dry_run: z.enum(["0", "1", "true", "false"]).optional(),
      mode: z.enum(["create", "upsert"]).default("create").openapi({ description: "create: an existing username is an error; upsert: it is updated" }),
    }),
    body: {
      content: {
        "multipart/form-data": { schema: z.object({ file: z.any().optional().openapi({ type: "string", format: "binary" }) }) },
        // or the file itself as the body
        [XLSX_TYPE]: { schema: { type: "string", format: "binary" } },
        "text/csv": { schema: { type: "string", format: "binary" } },
      },
      required: true,
    },
  },
  responses: okJson(importReportSchema),
});

const template = defineRoute({
  ...base, method: "get", path: "/users/import/template", action: "user.import-template", access: "iam:user:create",
  summary: "The import template (.xlsx): headers in the caller's language, an example row, and the departments and roles the caller may use",
  responses: { 200: { description: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } },
});

const exportUsers = defineRoute({
  ...base, method: "get", path: "/users/export", action: "user.export", access: "iam:user:list", auditRead: true,
  summary: "The users of the list's filters as .xlsx or .csv (data-scoped, masked as the list is; at most 10,000 rows); audited",
  request: { query: userListQuery.omit({ page: true, page_size: true }).extend({ format: z.enum(["xlsx", "csv"]).default("xlsx") }) },
  responses: { 200: { description: "xlsx or text/csv" } },
});

export function usersIoRoutes(deps: IamDeps) {
  const imports = createUserImport(deps);
  const queries = createUserQueries(deps);
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(importUsers, async (c) => {
      const q = c.req.valid("query");
      const upload = await uploadedFile(c);
      const report = await imports.run(c.get("actor")!, upload.bytes, {
        dryRun: q.dry_run === "1" || q.dry_run === "true", mode: q.mode, locale: localeOf(c), fileName: upload.name,
      });
      return ok(c, report);
    })
    .openapi(template, async (c) => {
      const actor = c.get("actor")!;
      const refs = await loadDirectoryRefs(deps.db);
      const depts: string[] = [];
      for (const d of refs.depts.toSorted((a, b) => a.path.length - b.path.length)) if (await inScope(deps, actor, d.id)) depts.push(d.id);
      // only the roles the reader may hand out: a template should not suggest a row that fails
      const roles: string[] = [];
      for (const r of refs.roles) if (await grantable(deps, actor, r.id)) roles.push(r.id);
      return download(c, await importTemplate(localeOf(c), refs, depts, roles));
    })
    .openapi(exportUsers, async (c) => {
      const actor = c.get("actor")!;
      const { format, ...filters } = c.req.valid("query");
      const users = await allUsers(actor, filters);
      const locale = localeOf(c);
      const refs = await loadDirectoryRefs(deps.db);
      noteAudit({ resourceType: "user", after: { format, count: users.length, filters } });
      const stamp = deps.clock.now().toISOString().slice(0, 10);
      return download(c, await usersFile(await localizeUsers(deps.db, locale, users), format, locale, refs, stamp));
    });

  async function allUsers(actor: Actor, filters: Omit<z.infer<typeof userListQuery>, "page" | "page_size">): Promise<User[]> {
    const out: User[] = [];
    for (let page = 1; out.length < EXPORT_CAP; page++) {
      const p = await queries.list(actor, { ...filters, page, page_size: PAGE });
      out.push(...p.items);
      if (page >= p.pages || p.items.length === 0) break;
    }
    return out.slice(0, EXPORT_CAP);
  }
}

async function inScope(deps: IamDeps, actor: Actor, deptId: string): Promise<boolean> {
  try {
    await assertDeptInScope(deps.db, actor, deptId);
    return true;
  } catch {
    return false;
  }
}

async function grantable(deps: IamDeps, actor: Actor, roleId: string): Promise<boolean> {
  try {
    await assertCanGrantRoles(deps.db, actor, [roleId]);
    return true;
  } catch {
    return false;
  }
}

function download(c: Context<AppEnv>, file: FileAnswer) {
  return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
    "Content-Type": file.contentType,
    "Content-Disposition": `attachment; filename="${file.fileName}"`,
  });
}

/** The file of a multipart upload (field `file`), or a body sent as the file itself (xlsx, csv). */
async function uploadedFile(c: Context<AppEnv>): Promise<{ bytes: Uint8Array; name?: string }> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  const missing = () => new AppError("iam.import.file_required", { status: 400, errors: [{ field: "file", message: "iam.import.file_required" }] });
  if (type.startsWith("multipart/form-data")) {
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File) || file.size === 0) throw missing();
    return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name };
  }
  if (/spreadsheetml|text\/csv/.test(type)) {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length === 0) throw missing();
    return { bytes };
  }
  throw missing();
}
