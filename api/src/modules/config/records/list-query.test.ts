import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSystem, ENGINES, type TestSystem } from "../../../testing/harness.ts";
import { SECRET_MASK } from "../config.deps.ts";
import { compareValues } from "./list-query.ts";

/**
 * The records list searched, filtered, sorted and paged in SQL, on 5,000 records, against the in-memory list it
 * replaced (the reference below, the old code's meaning): the same keys in the same order and the same totals,
 * on SQLite and PostgreSQL.
 */
const N = 5000;
const TAGS = ["vip", "new", "east", "west"];
const NAMES = ["Alpha", "beta", "张三", "李四", "王五", "Zeta_10", "zeta_9", "50%折扣", "a\\b"];

type Values = Record<string, unknown>;
const valuesOf = (i: number): Values => ({
  code: `k${String(i).padStart(4, "0")}`,
  name: `${NAMES[i % NAMES.length]} ${i % 7}`,
  amount: i % 11 === 0 ? null : (i * 37) % 1000 / (i % 3 === 0 ? 10 : 1),
  active: i % 4 !== 0,
  region: ["华东", "华北", "华南"][i % 3],
  tags: TAGS.filter((_, t) => (i >> t) % 2 === 1),
  note: i % 5 === 0 ? null : `备注 ${i}`,
  token: `sealed-${i}`,
});

/** The list as it was computed in memory (records.service.ts before the SQL list). */
function reference(rows: Values[], q: { q?: string; sort?: string; page: number; page_size: number }, filters: Record<string, string>) {
  let items = rows.map((v) => ({ key: v.code as string, values: { ...v, token: SECRET_MASK } as Values }));
  const words = q.q?.trim().toLowerCase();
  if (words) items = items.filter((r) => r.key.toLowerCase().includes(words) || ["code", "name", "region", "note"].some((f) => String(r.values[f] ?? "").toLowerCase().includes(words)));
  for (const [field, want] of Object.entries(filters)) {
    items = items.filter((r) => {
      const v = r.values[field];
      return Array.isArray(v) ? v.map(String).includes(want) : String(v ?? "") === want;
    });
  }
  if (q.sort) {
    const desc = q.sort.startsWith("-");
    const field = desc ? q.sort.slice(1) : q.sort;
    const pick = (r: (typeof items)[number]) => (field === "key" ? r.key : r.values[field]);
    items.sort((a, b) => (desc ? -1 : 1) * compareValues(pick(a), pick(b)));
  }
  const start = (q.page - 1) * q.page_size;
  return { keys: items.slice(start, start + q.page_size).map((r) => r.key), total: items.length };
}

describe.each(ENGINES)("config records list in SQL (%s)", (engine) => {
  let s: TestSystem;
  let admin: string;
  const rows = Array.from({ length: N }, (_, i) => valuesOf(i));

  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company"] });
    admin = await s.login("admin");
    const made = await s.req("POST", "/api/v1/config/tables", {
      token: admin,
      body: {
        name: "big", display_name: "大表", key_field: "code",
        fields: [
          { key: "code", type: "text", label: "编码", required: true, unique: true },
          { key: "name", type: "text", label: "名称" },
          { key: "amount", type: "number", label: "金额" },
          { key: "active", type: "switch", label: "启用" },
          { key: "region", type: "select", label: "区域", options: [{ value: "华东", label: "华东" }, { value: "华北", label: "华北" }, { value: "华南", label: "华南" }] },
          { key: "tags", type: "multiselect", label: "标签", options: TAGS.map((t) => ({ value: t, label: t })) },
          { key: "note", type: "textarea", label: "备注" },
          { key: "token", type: "text", label: "令牌", secret: true },
        ],
      },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const table = (await s.system.config.data.getTable("big"))!;
    // written straight to the store: the list reads config_records alone, and 5,000 validated writes would be the test's whole budget
    const ts = new Date().toISOString();
    await s.system.db.tx(async () => {
      for (let i = 0; i < N; i += 500) {
        const chunk = rows.slice(i, i + 500);
        await s.system.db.run(
          `INSERT INTO config_records (id, table_id, record_key, record_values, department_id, version, created_by, updated_by, created_at, updated_at) VALUES ${chunk.map(() => "(?, ?, ?, ?, NULL, 1, 'test', 'test', ?, ?)").join(", ")}`,
          chunk.flatMap((v, j) => [`big-${i + j}`, table.id, v.code, JSON.stringify(v), ts, new Date(Date.parse(ts) - ((i + j) % 97) * 1000).toISOString()]),
        );
      }
    });
  }, 120_000);
  afterAll(async () => {
    await s?.close();
  });

  const list = async (query: string) => {
    const r = await s.req("GET", `/api/v1/config/tables/big/records?${query}`, { token: admin });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return { keys: (r.body.data.items as Array<{ key: string }>).map((x) => x.key), total: r.body.data.total as number, items: r.body.data.items as Array<{ values: Values }> };
  };

  it.each([
    ["page_size=50", {}, {}],
    ["q=zeta&page_size=100", { q: "zeta" }, {}],
    ["q=ALPHA&sort=-amount&page=3&page_size=20", { q: "ALPHA", sort: "-amount" }, {}],
    ["q=50%25&page_size=100", { q: "50%" }, {}],
    ["q=a%5Cb&page_size=30", { q: "a\\b" }, {}],
    ["q=_1&page_size=100", { q: "_1" }, {}],
    ["q=%E5%A4%87%E6%B3%A8%2012&page_size=100", { q: "备注 12" }, {}],
    ["f.region=%E5%8D%8E%E4%B8%9C&f.active=true&sort=amount&page=2&page_size=100", { sort: "amount" }, { region: "华东", active: "true" }],
    ["f.active=false&sort=-name&page_size=100", { sort: "-name" }, { active: "false" }],
    ["f.tags=east&sort=name&page=4&page_size=50", { sort: "name" }, { tags: "east" }],
    ["f.amount=370&page_size=100", {}, { amount: "370" }],
    ["f.amount=&sort=-key&page_size=100", { sort: "-key" }, { amount: "" }],
    ["f.note=&sort=updated_at&page=2&page_size=100", { sort: "updated_at" }, { note: "" }],
    ["sort=-updated_at&page=7&page_size=100", { sort: "-updated_at" }, {}],
    ["sort=token&page=2&page_size=10", { sort: "token" }, {}],
    ["sort=region&page=50&page_size=100", { sort: "region" }, {}],
    ["sort=-tags&page=3&page_size=100", { sort: "-tags" }, {}],
    ["f.token=sealed-1&page_size=10", {}, {}],
  ] as Array<[string, { q?: string; sort?: string }, Record<string, string>]>)("%s answers what the in-memory list did", async (query, q, filters) => {
    const got = await list(query);
    const params = new URLSearchParams(query);
    const want = reference(rows, { ...q, page: Number(params.get("page") ?? 1), page_size: Number(params.get("page_size") ?? 20) }, filters);
    // the reference has no timestamps: for those orders the totals are compared, the order by the next test
    if (!q.sort?.includes("updated_at")) expect(got.keys).toEqual(want.keys);
    expect(got.total).toBe(want.total);
  });

  it("orders by updated_at as the timestamps say, ties by key, and masks secrets on the page", async () => {
    const got = await list("sort=-updated_at&page_size=100");
    const stamps = got.items.map((r) => (r as unknown as { updated_at: string }).updated_at);
    expect([...stamps].sort().reverse()).toEqual(stamps);
    const first = got.keys.filter((_, i) => stamps[i] === stamps[0]);
    expect([...first].sort()).toEqual(first);
    expect(got.items.every((r) => r.values.token === SECRET_MASK)).toBe(true);
  });

  it("refuses an unknown filter or sort field naming it, as before", async () => {
    const f = await s.req("GET", "/api/v1/config/tables/big/records?f.nope=1", { token: admin });
    expect([f.status, f.body.errors?.[0]?.field]).toEqual([422, "f.nope"]);
    const o = await s.req("GET", "/api/v1/config/tables/big/records?sort=-nope", { token: admin });
    expect([o.status, o.body.errors?.[0]?.field]).toEqual([422, "sort"]);
  });
});
