import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { directory, expectError, type Directory } from "../directory.testkit.ts";

type Report = {
  dry_run: boolean; applied: boolean; total: number; create: number; update: number; skip: number; invalid: number;
  rows: Array<{ row: number; username: string; action: string; changes: string[]; errors: Array<{ column: string; message: string }> }>;
  passwords: Array<{ row: number; username: string; initial_password: string }>;
};

const HEADER_ZH = ["用户名*", "姓名*", "部门*", "角色", "邮箱", "手机号", "状态", "语言", "初始密码"];

async function xlsx(rows: unknown[][]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("用户");
  for (const r of rows) sheet.addRow(r);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

async function readXlsx(bytes: ArrayBuffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes);
  const out: string[][] = [];
  book.worksheets[0]!.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ""))));
  return out;
}

describe.each(ENGINES)("user import and export (%s)", (engine) => {
  let s: TestSystem;
  let d: Directory;
  beforeAll(async () => {
    s = await createTestSystem({ engine });
    d = await directory(s);
  });
  afterAll(() => s?.close());

  const upload = async (token: string, bytes: Uint8Array, query = "", name = "users.xlsx") => {
    const form = new FormData();
    form.set("file", new File([bytes as Uint8Array<ArrayBuffer>], name));
    const res = await s.system.app.request(`/api/v1/users/import${query}`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
    return { status: res.status, body: (await res.json()) as any, headers: res.headers };
  };
  const userCount = async () => Number((await s.system.db.get<{ n: number }>("SELECT CAST(COUNT(*) AS INTEGER) AS n FROM users"))!.n);
  const download = (path: string, token: string) => s.system.app.request(`/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });

  it("downloads a template in the reader's language that reads back: headers, an example row, the departments and roles", async () => {
    const res = await download("/users/import/template", d.admin);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const rows = await readXlsx(await (await download("/users/import/template", d.admin)).arrayBuffer());
    expect(rows[0]).toEqual(HEADER_ZH);
    expect(rows[1]![0]).toBe("zhangsan");
    const help = book.worksheets[1]!.getColumn(1).values.map(String);
    expect(help).toEqual(expect.arrayContaining(["运营中心/运营一部", "运营专员"]));
    const en = await readXlsx(await (await download("/users/import/template?lang=en", d.admin)).arrayBuffer());
    expect(en[0]!.slice(0, 3)).toEqual(["Username*", "Name*", "Department*"]);
    // the template itself imports (dry run): its example row is valid
    const back = await upload(d.admin, new Uint8Array(await (await download("/users/import/template", d.admin)).arrayBuffer()), "?dry_run=1");
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body.data).toMatchObject({ total: 1, create: 1, invalid: 0 });
    expect((await download("/users/import/template", await s.login("lina"))).status).toBe(403);
    // a manager's template offers only the departments of their scope and the roles they may grant
    const managerBook = new ExcelJS.Workbook();
    await managerBook.xlsx.load(await (await download("/users/import/template", await s.login("zhangwei"))).arrayBuffer());
    const offered = managerBook.worksheets[1]!.getColumn(1).values.map(String);
    expect(offered).toEqual(expect.arrayContaining(["运营中心", "运营中心/运营一部", "运营专员", "运营主管"]));
    expect(offered).not.toContain("技术部");
    expect(offered).not.toContain("超级管理员");
  });

  it("reports every row of a mixed file on a dry run, by column in the reader's language, and writes nothing", async () => {
    const before = await userCount();
    const file = await xlsx([
      HEADER_ZH,
      ["imp_ok", "导入甲", "运营中心/运营一部", "运营专员", "imp_ok@example.com", 13700000001, "启用", "zh-CN", ""],
      ["imp_bad", "", "没有的部门", "不存在的角色", "not-an-email", "abc", "休假", "fr", ""],
      ["lina", "李娜", "运营一部", "", "", "", "", "", ""],
      ["imp_ok", "重复", "技术部", "", "", "", "", "", ""],
      [],
      ["imp_weak", "弱密码", "技术部", "开发人员", "", "", "", "", "123"],
    ]);
    const r = await upload(d.admin, file, "?dry_run=1");
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const report = r.body.data as Report;
    expect(report).toMatchObject({ dry_run: true, applied: false, total: 5, create: 1, invalid: 4, passwords: [] });
    const row = (n: number) => report.rows.find((x) => x.row === n)!;
    expect(row(2)).toMatchObject({ username: "imp_ok", action: "create", errors: [] });
    const bad = Object.fromEntries(row(3).errors.map((e) => [e.column, e.message]));
    expect(bad).toEqual({
      display_name: "必填", department: "部门 没有的部门 不存在", roles: "角色 不存在的角色 不存在", email: "邮箱格式不正确",
      phone: "手机号格式不正确", status: "状态须为 启用 或 停用", locale: "语言须为 zh-CN 或 en",
    });
    expect(row(4).errors).toEqual([{ column: "username", message: "用户名 lina 已被使用" }]);
    expect(row(5).errors).toEqual([{ column: "username", message: "与第 2 行的用户名重复" }]);
    // the blank line is skipped, the spreadsheet's numbering kept
    expect(row(7).errors.map((e) => e.column)).toContain("password");
    const en = await upload(d.admin, file, "?dry_run=1&lang=en");
    expect(en.body.data.rows.find((x: { row: number }) => x.row === 4).errors[0].message).toBe("The username lina is already taken");
    expect(await userCount()).toBe(before);
  });

  it("applies all rows in one transaction or none; new users get passwords shown once and must change them", async () => {
    const before = await userCount();
    const mixed = await xlsx([
      HEADER_ZH,
      ["imp_a", "导入甲", "运营一部", "运营专员", "imp_a@example.com", "", "", "", ""],
      ["imp_b", "导入乙", "运营中心/运营二部", "", "", "", "", "", ""],
      ["imp_c", "导入丙", "不存在", "", "", "", "", "", ""],
    ]);
    const refused = await upload(d.admin, mixed);
    expectError(refused, 400, "iam.import.rows_invalid");
    expect(refused.body.message).toBe("1 行有错误，未导入任何用户");
    expect(refused.body.errors).toEqual([{ field: "rows.4.department", message: "部门 不存在 不存在" }]);
    expect(await userCount()).toBe(before);

    const good = await xlsx([
      HEADER_ZH,
      ["imp_a", "导入甲", "运营一部", "运营专员, 开发人员", "imp_a@example.com", "13700000002", "", "", ""],
      ["imp_b", "导入乙", "运营中心/运营二部", "", "", "", "停用", "en", "Given#Pass2026"],
    ]);
    const applied = await upload(d.admin, good);
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body.data).toMatchObject({ dry_run: false, applied: true, total: 2, create: 2, invalid: 0 });
    expect(applied.body.data.passwords.map((p: { username: string }) => p.username)).toEqual(["imp_a"]);
    expect(await userCount()).toBe(before + 2);
    const listed = await d.api("GET", "/users?q=imp_", d.admin);
    const a = listed.body.data.items.find((u: { username: string }) => u.username === "imp_a");
    expect(a).toMatchObject({ display_name: "导入甲", dept_name: "运营一部", phone: "13700000002", status: "active" });
    expect(a.roles.map((x: { code: string }) => x.code).sort()).toEqual(["developer", "ops_specialist"]);
    expect(listed.body.data.items.find((u: { username: string }) => u.username === "imp_b")).toMatchObject({ status: "disabled", locale: "en" });
    const login = await s.req("POST", "/api/v1/auth/login", { body: { username: "imp_a", password: applied.body.data.passwords[0].initial_password } });
    expect(login.body.data.password_change_required).toBe(true);

    const trail = await d.api("GET", "/audit/logs?action=user.import&page_size=50", d.admin);
    const rows = trail.body.data.items.filter((x: { status: number; after: { dry_run?: boolean } | null }) => x.status === 200 && x.after && !("dry_run" in x.after && x.after.dry_run));
    const summary = rows.find((x: { resource_id: string | null }) => x.resource_id === null);
    expect(summary.after).toMatchObject({ dry_run: false, created: 2, total: 2, mode: "create" });
    const created = rows.filter((x: { resource_id: string | null }) => x.resource_id !== null);
    expect(created.map((x: { after: { username: string } }) => x.after.username).sort()).toEqual(["imp_a", "imp_b"]);
    expect(created.find((x: { after: { username: string } }) => x.after.username === "imp_a").after.phone).toBe("137****0002");
    expect((await upload(d.admin, good)).status).toBe(400);
  });

  it("takes CSV too (UTF-8 with BOM, or GB18030 as Excel saves it), and upserts: changed rows update, unchanged ones skip", async () => {
    const csv = `\uFEFFusername,display_name,department,roles\nimp_csv,CSV 用户,审计部,审计人员\n`;
    const r = await upload(d.admin, new TextEncoder().encode(csv), "", "users.csv");
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.data.create).toBe(1);
    // "用户名,姓名\r\nimp_gbk,张三\r\n" in GB18030
    const gbk = Buffer.from("d3c3bba7c3fb2cd0d5c3fb0d0a696d705f67626b2cd5c5c8fd0d0a", "hex");
    const fromGbk = await upload(d.admin, new Uint8Array(gbk), "?dry_run=1", "x.csv");
    expect(fromGbk.body.data.rows[0]).toMatchObject({ username: "imp_gbk", display_name: "张三" });

    const upsert = await xlsx([
      ["用户名", "姓名", "部门", "角色"],
      ["imp_csv", "CSV 用户", "审计部", "审计人员"],
      ["imp_a", "导入甲（新）", "", ""],
      ["imp_new", "新人", "财务部", ""],
    ]);
    const plan = await upload(d.admin, upsert, "?dry_run=1&mode=upsert");
    expect(plan.body.data.rows.map((x: { action: string }) => x.action)).toEqual(["skip", "update", "create"]);
    expect(plan.body.data.rows[1].changes).toEqual(["display_name"]);
    const done = await upload(d.admin, upsert, "?mode=upsert");
    expect(done.body.data).toMatchObject({ create: 1, update: 1, skip: 1 });
    expect((await d.api("GET", "/users?q=imp_a", d.admin)).body.data.items[0].display_name).toBe("导入甲（新）");
  });

  it("keeps a manager inside their data scope and grants, and refuses readers and bad files", async () => {
    const zhangwei = await s.login("zhangwei");
    const file = await xlsx([
      HEADER_ZH,
      ["scope_a", "范围内", "运营二部", "运营专员", "", "", "", "", ""],
      ["scope_b", "范围外", "技术部", "", "", "", "", "", ""],
      ["scope_c", "越权角色", "运营一部", "超级管理员", "", "", "", "", ""],
    ]);
    const r = await upload(zhangwei, file, "?dry_run=1");
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const errs = (n: number) => r.body.data.rows.find((x: { row: number }) => x.row === n).errors;
    expect(errs(2)).toEqual([]);
    expect(errs(3)).toEqual([{ column: "department", message: "该部门不在你的数据权限范围内" }]);
    expect(errs(4)[0].column).toBe("roles");
    expect(errs(4)[0].message).toMatch(/^不能授予超出你自己权限的角色/);
    const before = await userCount();
    expectError(await upload(zhangwei, file), 400, "iam.import.rows_invalid");
    expect(await userCount()).toBe(before);
    // an existing user outside the manager's subtree cannot be edited by import
    const outside = await upload(zhangwei, await xlsx([["用户名", "姓名"], ["liuyang", "刘洋改"]]), "?dry_run=1&mode=upsert");
    expect(outside.body.data.rows[0].errors).toEqual([{ column: "username", message: "该用户不在你的数据权限范围内，不能修改" }]);

    expect((await upload(await s.login("lina"), file, "?dry_run=1")).status).toBe(403);
    expectError(await upload(d.admin, new TextEncoder().encode("姓名\n张三\n"), "?dry_run=1", "a.csv"), 400, "iam.import.missing_columns", ["file"]);
    expectError(await upload(d.admin, new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), "?dry_run=1"), 400, "iam.import.unreadable", ["file"]);
    expectError(await upload(d.admin, new TextEncoder().encode("用户名,姓名\n"), "?dry_run=1", "a.csv"), 400, "iam.import.empty_file");
    expectError(await s.req("POST", "/api/v1/users/import", { token: d.admin, body: {} }), 415, "http.unsupported_media_type");
    const noFile = await s.system.app.request("/api/v1/users/import", { method: "POST", headers: { authorization: `Bearer ${d.admin}` }, body: new FormData() });
    expectError({ status: noFile.status, body: await noFile.json(), headers: noFile.headers }, 400, "iam.import.file_required", ["file"]);
    // the file as the body itself
    const raw = await s.system.app.request("/api/v1/users/import?dry_run=1", {
      method: "POST", headers: { authorization: `Bearer ${d.admin}`, "content-type": "text/csv" }, body: "用户名,姓名,部门\nraw_user,直接上传,审计部\n",
    });
    const rawBody = (await raw.json()) as { data: { create: number } };
    expect(rawBody.data.create, JSON.stringify(rawBody)).toBe(1);
  });

  it("exports the list's filters as xlsx or CSV, masked as the list is, and audits the export", async () => {
    const zhangwei = await s.login("zhangwei");
    const res = await download(`/users/export?format=xlsx&dept_id=${d.dept("运营中心")}&include_children=true`, zhangwei);
    expect(res.status).toBe(200);
    const rows = await readXlsx(await res.arrayBuffer());
    expect(rows[0]!.slice(0, 8)).toEqual(["用户名", "姓名", "部门", "角色", "邮箱", "手机号", "状态", "语言"]);
    const lina = rows.find((r) => r[0] === "lina")!;
    expect(lina.slice(0, 6)).toEqual(["lina", "李娜", "运营中心/运营一部", "运营专员", "l***@example.com", "138****0002"]);
    expect(rows.some((r) => r[0] === "liuyang")).toBe(false);

    await d.api("PUT", `/users/${await d.userId("imp_new")}`, d.admin, { display_name: "=HYPERLINK(\"http://x\")" });
    const csv = await download("/users/export?format=csv&q=imp_new", d.admin);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith("用户名,姓名")).toBe(true);
    expect(text).toContain("'=HYPERLINK");
    expect(csv.headers.get("content-disposition")).toMatch(/attachment; filename="users-\d{4}-\d\d-\d\d\.csv"/);

    const audit = await d.api("GET", "/audit/logs?action=user.export", d.admin);
    expect(audit.body.data.items.map((x: { after: { format: string; count: number } }) => x.after)).toEqual(expect.arrayContaining([
      expect.objectContaining({ format: "csv", count: 1 }),
      expect.objectContaining({ format: "xlsx", count: rows.length - 1 }),
    ]));
    expect((await download("/users/export", await s.login("liuyang"))).status).toBe(200);
    expectError(await d.api("GET", "/users/export?format=pdf", d.admin), 400, "common.validation", ["format"]);
  });
});
