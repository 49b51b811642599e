import type { ChartSpec, DatasetColumn, DatasetParam, ReportControl, RowFilter } from "@ops/shared/contracts/reports.ts";
import type { DemoSeeder } from "../../demo/registry.ts";
import { addMs, iso } from "../../platform/clock.ts";
import { newId } from "../../platform/crypto.ts";
import type { Db } from "../../platform/db/db.ts";
import { insertRow } from "../../platform/db/query.ts";
import { reportColumns, type ReportDef } from "./reports/store.ts";

/** Regions with their cities, the demo department that runs each (its `region` attribute) and the people selling there. */
const REGIONS = [
  { region: "华东", dept: "demo_ops1", cities: ["上海", "杭州", "南京"], owners: ["lina", "zhoujie", "wuqian"] },
  { region: "华南", dept: "demo_ops2", cities: ["广州", "深圳"], owners: ["wangfang", "zhengyu", "huangmin"] },
  { region: "华北", dept: "demo_ops", cities: ["北京", "天津"], owners: ["zhangwei"] },
] as const;
const CHANNELS = ["线上商城", "门店", "小程序", "直播"] as const;
const DAYS = 90;
export const DEMO_SALES_TABLE = "rpt_demo_sales";

/** A small fixed-seed generator: the demo's numbers are the same on every install. */
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

type SaleRow = [string, string, string, string, string | null, string, number, number];

function salesRows(today: Date, deptIds: Map<string, string>): SaleRow[] {
  const rnd = seeded(20261204);
  const rows: SaleRow[] = [];
  for (let d = DAYS - 1; d >= 0; d--) {
    const day = iso(addMs(today, -d * 86_400_000)).slice(0, 10);
    for (const r of REGIONS) {
      for (const city of r.cities) {
        // three of the four channels sell in a city on a given day
        const skip = Math.floor(rnd() * CHANNELS.length);
        CHANNELS.forEach((channel, i) => {
          if (i === skip) return;
          const orders = 5 + Math.floor(rnd() * 60);
          const amount = Math.round(orders * (80 + rnd() * 220) * 100) / 100;
          rows.push([day, r.region, city, channel, deptIds.get(r.dept) ?? null, r.owners[Math.floor(rnd() * r.owners.length)]!, amount, orders]);
        });
      }
    }
  }
  return rows;
}

async function createSalesTable(db: Db, rows: SaleRow[]): Promise<void> {
  const real = db.dialect === "postgres" ? "DOUBLE PRECISION" : "REAL";
  // PostgreSQL keeps a real DATE (date parameters bind as dates there); SQLite's ISO text compares the same way
  const date = db.dialect === "postgres" ? "DATE" : "TEXT";
  await db.run(`CREATE TABLE IF NOT EXISTS ${DEMO_SALES_TABLE} (
    id INTEGER PRIMARY KEY, "date" ${date} NOT NULL, region TEXT NOT NULL, city TEXT NOT NULL, channel TEXT NOT NULL,
    dept_id TEXT, owner TEXT NOT NULL, amount ${real} NOT NULL, orders INTEGER NOT NULL)`);
  if (await db.get(`SELECT id FROM ${DEMO_SALES_TABLE} LIMIT 1`)) return;
  const BATCH = 200;
  for (let i = 0; i < rows.length; i += BATCH) {
    const chunk = rows.slice(i, i + BATCH);
    await db.run(
      `INSERT INTO ${DEMO_SALES_TABLE} (id, "date", region, city, channel, dept_id, owner, amount, orders) VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`,
      chunk.flatMap((r, j) => [i + j + 1, ...r]),
    );
  }
}

const SALES_COLUMNS: DatasetColumn[] = [
  { name: "date", label: "日期", type: "date" }, { name: "region", label: "大区", type: "string" }, { name: "city", label: "城市", type: "string" },
  { name: "channel", label: "渠道", type: "string" }, { name: "dept_id", label: "部门", type: "string" }, { name: "owner", label: "负责人", type: "string" },
  { name: "amount", label: "成交额", type: "number" }, { name: "orders", label: "订单数", type: "number" },
];
const SALES_PARAMS: DatasetParam[] = [
  { name: "region", type: "string", label: "大区" }, { name: "city", type: "string", label: "城市" },
  { name: "from", type: "date", label: "开始日期" }, { name: "to", type: "date", label: "结束日期" },
];
const SALES_SQL = `SELECT "date", region, city, channel, dept_id, owner, amount, orders FROM ${DEMO_SALES_TABLE}
WHERE region = COALESCE(:region, region) AND city = COALESCE(:city, city)
  AND "date" >= COALESCE(:from, '1900-01-01') AND "date" <= COALESCE(:to, '2999-12-31')`;
const SALES_FILTERS: RowFilter[] = [{ column: "region", source: "dept_attr", attr: "region" }];

type DemoReport = Pick<ReportDef, "name" | "title" | "description" | "chart" | "controls"> & Partial<Pick<ReportDef, "format" | "drill" | "cache_ttl_s">>;

/** The report set over `sales` (ids filled in by the seeder: controls read options from the same dataset). */
function demoReports(datasetId: string): DemoReport[] {
  const regionControl: ReportControl = { name: "region", label: "大区", type: "select", param: "region", options: { dataset_id: datasetId, value_column: "region" } };
  const cityControl: ReportControl = { name: "city", label: "城市", type: "select", param: "city", depends_on: "region", options: { dataset_id: datasetId, value_column: "city", parent_column: "region" } };
  const period: ReportControl = { name: "period", label: "日期", type: "daterange", params: ["from", "to"], default: "last_30_days" };
  const money = { amount: { kind: "currency" as const, currency: "CNY", decimals: 2, thousands: true } };
  const bar: ChartSpec = { type: "bar", x: "city", series: [{ column: "amount", agg: "sum", label: "成交额" }, { column: "orders", agg: "sum", label: "订单数" }] };
  return [
    {
      name: "sales-detail", title: "销售明细", description: "每日各城市、各渠道的成交明细", controls: [regionControl, cityControl, period], format: money,
      chart: { type: "table", series: [], page_size: 20 },
    },
    {
      name: "sales-by-city", title: "各城市销售额", description: "按城市汇总成交额与订单数；点击城市查看明细", controls: [regionControl, cityControl, period], format: money,
      chart: bar, drill: { column: "city", report_id: "sales-detail", params: { city: "city", region: "region" } }, cache_ttl_s: 60,
    },
    {
      name: "sales-kpi", title: "本月成交额", description: "本月成交额与上月同期对比（环比）", controls: [regionControl], format: money,
      chart: { type: "kpi", series: [{ column: "amount", agg: "sum", label: "成交额" }], kpi: { date_column: "date", period: "month", compare: "previous_period" } },
    },
    {
      name: "channel-share", title: "渠道占比", description: "各渠道成交额占比", controls: [regionControl, period], format: money,
      chart: { type: "pie", x: "channel", series: [{ column: "amount", agg: "sum", label: "成交额" }] },
    },
  ];
}

/**
 * The demo's reports (OPS_DEMO=1): a sales table in the built-in store (`rpt_demo_sales`, ~2,000 rows over the last
 * 90 days), the `store` datasource 运营数据（演示）, the dataset `sales` filtered by each viewer's department region,
 * the regions of the demo departments, four reports and two metrics.
 */
export const reportsDemoSeeder: DemoSeeder = {
  name: "reports",
  order: 140,
  async seed({ db, clock }) {
    const depts = new Map((await db.all<{ id: string; code: string }>("SELECT id, code FROM departments WHERE code LIKE 'demo_%'")).map((d) => [d.code, d.id]));
    await createSalesTable(db, salesRows(clock.now(), depts));
    if (await db.get("SELECT id FROM report_datasets WHERE name = 'sales'")) return;
    const admin = (await db.get<{ id: string }>("SELECT id FROM users WHERE username = 'admin'"))?.id ?? null;
    const ts = iso(clock.now());
    for (const r of REGIONS) {
      const deptId = depts.get(r.dept);
      if (deptId) await db.run("INSERT INTO report_attributes (dept_id, attr_key, attr_value, updated_at) VALUES (?, 'region', ?, ?)", [deptId, r.region, ts]);
    }
    const datasourceId = newId();
    await insertRow(db, "report_datasources", {
      id: datasourceId, name: "运营数据（演示）", type: "store", url: null, options: "{}", health: null, upload: null, created_by: admin, created_at: ts, updated_at: ts,
    });
    const datasetId = newId();
    await insertRow(db, "report_datasets", {
      id: datasetId, name: "sales", description: "演示销售数据：日期、大区、城市、渠道、负责人、成交额、订单数", datasource_id: datasourceId, mode: "sql",
      sql_text: SALES_SQL, builder: null, params: JSON.stringify(SALES_PARAMS), columns: JSON.stringify(SALES_COLUMNS), row_filters: JSON.stringify(SALES_FILTERS),
      created_by: admin, created_at: ts, updated_at: ts,
    });
    const ids = new Map<string, string>();
    for (const r of demoReports(datasetId)) ids.set(r.name, newId());
    for (const r of demoReports(datasetId)) {
      const drill = r.drill ? { ...r.drill, report_id: ids.get(r.drill.report_id)! } : null;
      await insertRow(db, "reports", {
        id: ids.get(r.name)!, ...reportColumns({ ...r, dataset_id: datasetId, format: r.format ?? {}, drill, cache_ttl_s: r.cache_ttl_s ?? 0, roles: [], owner_id: admin }),
        created_at: ts, updated_at: ts,
      });
    }
    const zhangwei = (await db.get<{ id: string }>("SELECT id FROM users WHERE username = 'zhangwei'"))?.id ?? null;
    // the manager and a specialist keep the KPI and the city chart as favourites (their home workbench shows the KPI)
    for (const username of ["zhangwei", "lina"]) {
      const user = await db.get<{ id: string }>("SELECT id FROM users WHERE username = ?", [username]);
      for (const name of ["sales-kpi", "sales-by-city"]) if (user) await insertRow(db, "report_favourites", { user_id: user.id, report_id: ids.get(name)!, created_at: ts });
    }
    const metric = (name: string, title: string, column: string, unit: string, definition: string, tags: string[]) => insertRow(db, "report_metrics", {
      id: newId(), name, title, owner_id: zhangwei, definition, sql_text: null, dataset_id: datasetId, column_name: column, unit, refresh: "实时", tags: JSON.stringify(tags),
      created_at: ts, updated_at: ts,
    });
    await metric("gmv", "成交额（GMV）", "amount", "元", "统计期内已支付订单的成交金额合计，含运费，不扣除退款。", ["销售", "核心指标"]);
    await metric("orders", "订单数", "orders", "单", "统计期内已支付的订单笔数；同一订单拆单发货计一单。", ["销售"]);
  },
};
