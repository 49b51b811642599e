import { z } from "@hono/zod-openapi";
import { IMPORT_COLUMNS } from "./users-io.columns.ts";

const column = z.enum(IMPORT_COLUMNS);

export const importReportSchema = z
  .object({
    dry_run: z.boolean(),
    mode: z.enum(["create", "upsert"]),
    applied: z.boolean(),
    total: z.number(),
    create: z.number().openapi({ description: "valid rows that create a user" }),
    update: z.number(),
    skip: z.number().openapi({ description: "existing users the row would not change (upsert)" }),
    invalid: z.number().openapi({ description: "rows with errors" }),
    rows: z.array(z.object({
      row: z.number().openapi({ description: "the spreadsheet's row number (the header is row 1)" }),
      username: z.string(),
      display_name: z.string(),
      action: z.enum(["create", "update", "skip"]),
      changes: z.array(column),
      errors: z.array(z.object({ column, message: z.string().openapi({ description: "in the caller's language" }) })),
    })),
    passwords: z.array(z.object({ row: z.number(), username: z.string(), initial_password: z.string() }))
      .openapi({ description: "generated initial passwords, shown once (apply only)" }),
  })
  .openapi("UserImportReport");
export type ImportReportAnswer = z.infer<typeof importReportSchema>;
