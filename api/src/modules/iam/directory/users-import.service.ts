import { AppError, type Actor, type Locale } from "@ops/shared";
import { iso } from "../../../platform/clock.ts";
import { newId } from "../../../platform/crypto.ts";
import { noteAudit } from "../../../platform/context.ts";
import { insertRow, updateRow } from "../../../platform/db/query.ts";
import type { IamDeps } from "../iam.deps.ts";
import { hashPassword } from "../auth/index.ts";
import { createUserQueries } from "./users.query.ts";
import { acceptedPassword, createUserAccess, isUniqueViolation } from "./users.access.ts";
import { maskAlways } from "./masking.ts";
import { parseImportFile } from "./users-import.parse.ts";
import { planImport, type ImportMode, type PlannedRow } from "./users-import.plan.ts";

export type ImportReportRow = Pick<PlannedRow, "row" | "username" | "display_name" | "action" | "changes" | "errors">;
export type ImportReport = {
  dry_run: boolean;
  mode: ImportMode;
  applied: boolean;
  total: number;
  create: number;
  update: number;
  skip: number;
  invalid: number;
  rows: ImportReportRow[];
  /** generated initial passwords, returned once (apply only) */
  passwords: Array<{ row: number; username: string; initial_password: string }>;
};

/**
 * Bulk import of users from an uploaded file. The dry run answers the plan and writes nothing.
 * Applying plans again (the directory may have changed since the dry run) and writes all rows in
 * one transaction, or nothing when any row has an error. Each new user gets the given or a
 * generated initial password and must change it at first sign-in, as for one created by hand.
 */
export function createUserImport(deps: IamDeps) {
  const { db, clock } = deps;
  const queries = createUserQueries(deps);
  const access = createUserAccess(deps, queries);

  async function run(actor: Actor, bytes: Uint8Array, options: { dryRun: boolean; mode: ImportMode; locale: Locale; fileName?: string }): Promise<ImportReport> {
    const file = await parseImportFile(bytes);
    const plan = await planImport(deps, queries, actor, file, options.mode, options.locale);
    const report = summarize(plan, options.dryRun, options.mode);
    const summary = { file: options.fileName?.slice(0, 200) ?? null, dry_run: options.dryRun, mode: options.mode, total: report.total, create: report.create, update: report.update, skip: report.skip, invalid: report.invalid };
    if (options.dryRun) {
      noteAudit({ resourceType: "user", after: summary });
      return report;
    }
    if (report.invalid > 0) {
      throw new AppError("iam.import.rows_invalid", {
        status: 400,
        params: { count: report.invalid },
        // already in the reader's language: the error sink passes unknown keys through as text
        errors: plan.flatMap((r) => r.errors.map((e) => ({ field: `rows.${r.row}.${e.column}`, message: e.message }))).slice(0, 200),
      });
    }
    const passwords = await applyPlan(actor, plan);
    noteAudit({ resourceType: "user", after: { ...summary, created: report.create, updated: report.update } });
    for (const r of plan) {
      if (r.create) {
        const user = (await queries.load((passwords.ids.get(r.row))!))!;
        noteAudit({ resourceType: "user", resourceId: user.id, after: maskAlways(user) });
      } else if (r.update && r.action === "update") {
        noteAudit({ resourceType: "user", resourceId: r.update.id, before: maskAlways(r.update.before), after: maskAlways((await queries.load(r.update.id))!) });
      }
    }
    return { ...report, applied: true, passwords: passwords.generated };
  }

  /** Hashes outside the transaction (they are slow), then every write in one. */
  async function applyPlan(actor: Actor, plan: PlannedRow[]) {
    const generated: ImportReport["passwords"] = [];
    const hashes = new Map<number, string>();
    for (const r of plan) {
      if (!r.create) continue;
      let plain = r.create.password;
      if (!plain) {
        plain = await acceptedPassword(deps, r.create.username);
        generated.push({ row: r.row, username: r.create.username, initial_password: plain });
      }
      hashes.set(r.row, await hashPassword(plain));
    }
    const ids = new Map<number, string>();
    const now = iso(clock.now());
    const createdBy = actor.kind === "user" ? actor.userId : null;
    try {
      await db.tx(async () => {
        for (const r of plan) {
          if (r.create) {
            const id = newId();
            const u = r.create;
            await insertRow(db, "users", {
              id, username: u.username, display_name: u.display_name, email: u.email, phone: u.phone, id_number: null, dept_id: u.dept_id,
              status: u.status, locale: u.locale, password_hash: hashes.get(r.row)!, password_changed_at: now, must_change_password: 1,
              created_by: createdBy, created_at: now, updated_at: now,
            });
            await insertRow(db, "password_history", { id: newId(), user_id: id, password_hash: hashes.get(r.row)!, created_at: now });
            for (const roleId of u.role_ids) await insertRow(db, "user_roles", { user_id: id, role_id: roleId });
            ids.set(r.row, id);
          } else if (r.update && r.action === "update") {
            const { id, fields, role_ids, before } = r.update;
            if (Object.keys(fields).length) await updateRow(db, "users", { id }, { ...fields, updated_at: now });
            if (role_ids) {
              await db.run("DELETE FROM user_roles WHERE user_id = ?", [id]);
              for (const roleId of role_ids) await insertRow(db, "user_roles", { user_id: id, role_id: roleId });
            }
            if (fields.status === "disabled" && before.status !== "disabled") await access.endSessions(id, "user_disabled");
          }
        }
      });
    } catch (e) {
      // a username taken between the plan and the write (another import or a creation racing)
      if (isUniqueViolation(e)) throw new AppError("iam.import.rows_invalid", { status: 409, params: { count: 1 } });
      throw e;
    }
    return { generated, ids };
  }

  return { run };
}

function summarize(plan: PlannedRow[], dryRun: boolean, mode: ImportMode): ImportReport {
  const valid = plan.filter((r) => r.errors.length === 0);
  return {
    dry_run: dryRun,
    mode,
    applied: false,
    total: plan.length,
    create: valid.filter((r) => r.action === "create").length,
    update: valid.filter((r) => r.action === "update").length,
    skip: valid.filter((r) => r.action === "skip").length,
    invalid: plan.length - valid.length,
    rows: plan.map(({ row, username, display_name, action, changes, errors }) => ({ row, username, display_name, action, changes, errors })),
    passwords: [],
  };
}
