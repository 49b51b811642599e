import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../testing/harness.ts";

type Named = { id: string; code?: string; name: string; children?: Named[] };

describe.each(ENGINES)("built-in role and department names follow the request's language (%s)", (engine) => {
  let s: TestSystem;
  let admin: string;
  beforeAll(async () => {
    s = await createTestSystem({ engine });
    admin = await s.login("admin");
  });
  afterAll(() => s?.close());

  const roles = async (lang: Record<string, string>) => {
    const r = await s.req("GET", "/api/v1/roles", { token: admin, headers: lang });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return new Map((r.body.data as Named[]).map((x) => [x.code!, x]));
  };
  const depts = async (query: string) => {
    const r = await s.req("GET", `/api/v1/departments?flat=true${query}`, { token: admin });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return (r.body.data as Named[]).map((d) => d.name);
  };

  it("answers built-in roles in English with Accept-Language: en, in Chinese otherwise", async () => {
    const en = await roles({ "accept-language": "en-US,en;q=0.9" });
    expect(en.get("super_admin")!.name).toBe("Super administrator");
    expect(en.get("ops_manager")!.name).toBe("Operations manager");
    expect(en.get("ops_specialist")!.name).toBe("Operations specialist");
    expect(en.get("developer")!.name).toBe("Developer");
    expect(en.get("auditor")!.name).toBe("Auditor");
    const zh = await roles({});
    expect(zh.get("ops_manager")!.name).toBe("运营主管");
    const one = await s.req("GET", `/api/v1/roles/${zh.get("auditor")!.id}?lang=en`, { token: admin });
    expect(one.body.data.name).toBe("Auditor");
  });

  it("names a user's built-in department and roles in the same language", async () => {
    const r = await s.req("GET", "/api/v1/users?username=lina&page_size=100", { token: admin, headers: { "accept-language": "en" } });
    const lina = (r.body.data.items as { username: string; dept_name: string; roles: { name: string }[] }[]).find((u) => u.username === "lina")!;
    expect(lina.dept_name).toBe("Operations Team 1");
    expect(lina.roles.map((x) => x.name)).toEqual(["Operations specialist"]);
    const zh = await s.req("GET", "/api/v1/users?page_size=100", { token: admin });
    expect(zh.body.data.items.find((u: { username: string }) => u.username === "lina").dept_name).toBe("运营一部");
  });

  it("answers the signed-in user's own profile (/auth/me) with the same translated names", async () => {
    const lina = await s.login("lina");
    const en = await s.req("GET", "/api/v1/auth/me", { token: lina, headers: { "accept-language": "en" } });
    expect(en.body.data).toMatchObject({ dept_name: "Operations Team 1", roles: [{ code: "ops_specialist", name: "Operations specialist" }] });
    const zh = await s.req("GET", "/api/v1/auth/me", { token: lina });
    expect(zh.body.data).toMatchObject({ dept_name: "运营一部", roles: [{ code: "ops_specialist", name: "运营专员" }] });
  });

  it("keeps a name an admin gave a built-in role, and a custom role's name, in both languages", async () => {
    // a form filled from an English answer sends the translation back: the default name stays
    const manager = (await roles({})).get("ops_manager")!;
    const same = await s.req("PUT", `/api/v1/roles/${manager.id}?lang=en`, { token: admin, body: { name: "Operations manager", mfa_required: false } });
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body.data.name).toBe("Operations manager");
    expect((await roles({})).get("ops_manager")!.name).toBe("运营主管");
    const id = (await roles({})).get("developer")!.id;
    const put = await s.req("PUT", `/api/v1/roles/${id}`, { token: admin, body: { name: "研发工程师" }, headers: { "accept-language": "en" } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.data.name).toBe("研发工程师");
    expect((await roles({ "accept-language": "en" })).get("developer")!.name).toBe("研发工程师");
    expect((await roles({})).get("developer")!.name).toBe("研发工程师");
    const made = await s.req("POST", "/api/v1/roles", { token: admin, body: { code: "auditor_copy", name: "审计人员", data_scope: "SELF", permissions: [] } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect((await roles({ "accept-language": "en" })).get("auditor_copy")!.name).toBe("审计人员");
  });

  it("answers the root and demo departments in English, and an admin's names as entered", async () => {
    const en = await depts("&lang=en");
    expect(en).toEqual(expect.arrayContaining(["Headquarters", "Operations Center", "Operations Team 1", "Operations Team 2", "Engineering", "Audit"]));
    expect(en).not.toContain("技术部");
    expect(await depts("")).toEqual(expect.arrayContaining(["总部", "运营中心", "技术部"]));
    const tree = await s.req("GET", "/api/v1/departments?lang=en", { token: admin });
    const root = (tree.body.data as Named[])[0]!;
    expect(root.name).toBe("Headquarters");
    expect(root.children!.map((c) => c.name)).toContain("Engineering");

    const audit = ((await s.req("GET", "/api/v1/departments?flat=true", { token: admin })).body.data as Named[]).find((d) => d.name === "审计部")!;
    expect((await s.req("PUT", `/api/v1/departments/${audit.id}?lang=en`, { token: admin, body: { name: "Audit" } })).status).toBe(200);
    expect(await depts("")).toContain("审计部");
    const tech = ((await s.req("GET", "/api/v1/departments?flat=true", { token: admin })).body.data as Named[]).find((d) => d.name === "技术部")!;
    const put = await s.req("PUT", `/api/v1/departments/${tech.id}?lang=en`, { token: admin, body: { name: "研发中心" } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.data.name).toBe("研发中心");
    expect(await depts("&lang=en")).toContain("研发中心");
    const made = await s.req("POST", "/api/v1/departments?lang=en", { token: admin, body: { name: "技术部", parent_id: root.id } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.data.name).toBe("技术部");
  });
});
