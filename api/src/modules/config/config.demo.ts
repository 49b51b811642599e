import type { UserActor } from "@ops/shared";
import type { ConfigChange, ConfigField, ConfigTable } from "@ops/shared/contracts/config.ts";
import type { DemoSeeder } from "../../demo/registry.ts";
import { addMs, iso } from "../../platform/clock.ts";
import { newId } from "../../platform/crypto.ts";
import { insertRow } from "../../platform/db/query.ts";
import { createConfigData, loadTable, tableColumns } from "./data/index.ts";

type DemoTable = Pick<ConfigTable, "name" | "display_name" | "description" | "key_field" | "needs_approval"> & { fields: ConfigField[]; owner?: string };

const CHANNELS: DemoTable = {
  name: "channels", display_name: "渠道", description: "收单渠道（费率配置引用）", key_field: "code", needs_approval: false,
  fields: [
    { key: "code", type: "text", label: "渠道编码", required: true, unique: true, regex: "^[a-z][a-z0-9_]*$", regex_message: "渠道编码只能是小写字母、数字和下划线" },
    { key: "name", type: "text", label: "渠道名称", required: true, max_length: 30 },
    { key: "enabled", type: "switch", label: "启用", default: true },
  ],
};
const RATES: DemoTable = {
  name: "rates", display_name: "费率配置", description: "各渠道的结算费率；修改须经审批后发布", key_field: "code", needs_approval: true, owner: "运营中心",
  fields: [
    { key: "code", type: "text", label: "费率编码", required: true, unique: true, regex: "^[A-Z][A-Z0-9_]*$", regex_message: "费率编码只能是大写字母、数字和下划线" },
    { key: "name", type: "text", label: "名称", required: true, max_length: 40 },
    { key: "rate", type: "decimal", label: "费率", required: true, scale: 4, min: 0, max: 1 },
    { key: "channel", type: "reference", label: "渠道", required: true, reference: { table: "channels" } },
    { key: "enabled", type: "switch", label: "启用", default: true },
    { key: "remark", type: "textarea", label: "备注", max_length: 500 },
  ],
};
const BLACKLIST: DemoTable = {
  name: "blacklist", display_name: "黑名单", description: "禁止参与活动的用户；到期自动失效", key_field: "user_id", needs_approval: false,
  fields: [
    { key: "user_id", type: "text", label: "用户 ID", required: true, unique: true, regex: "^U\\d{8}$", regex_message: "用户 ID 形如 U12345678" },
    { key: "reason", type: "text", label: "原因", required: true, max_length: 100 },
    { key: "expires_at", type: "date", label: "到期日" },
  ],
};
const FLAGS: DemoTable = {
  name: "feature-flags", display_name: "功能开关", description: "按比例与地区灰度的功能开关", key_field: "key", needs_approval: false,
  fields: [
    { key: "key", type: "text", label: "开关", required: true, unique: true, regex: "^[a-z][a-z0-9_.]*$" },
    { key: "enabled", type: "switch", label: "启用", default: false },
    {
      key: "rollout", type: "json", label: "灰度规则",
      json_schema: {
        $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", additionalProperties: false, required: ["percent"],
        properties: { percent: { type: "integer", minimum: 0, maximum: 100 }, regions: { type: "array", items: { type: "string" } } },
      },
    },
    { key: "description", type: "richtext", label: "说明" },
  ],
};

/** The demo's config center: four tables with a few versions of history each, written by the demo people. */
export const configDemoSeeder: DemoSeeder = {
  name: "config",
  order: 130,
  async seed(ctx) {
    const { db, clock, secrets } = ctx;
    const layer = createConfigData({ db, clock, secrets, scope: ctx.iam.scope });
    const people = await db.all<{ id: string; username: string; display_name: string; dept_id: string | null }>(
      "SELECT id, username, display_name, dept_id FROM users WHERE username IN ('admin', 'zhangwei', 'liuyang', 'lina')",
    );
    const roles = await db.all<{ user_id: string; role_id: string }>("SELECT user_id, role_id FROM user_roles");
    // each step is written as that person (their roles give the data scope their records are checked against)
    const actor = (username: string): UserActor => {
      const p = people.find((x) => x.username === username) ?? people[0]!;
      return {
        kind: "user", userId: p.id, username: p.username, displayName: p.display_name, deptId: p.dept_id,
        roleIds: roles.filter((r) => r.user_id === p.id).map((r) => r.role_id), permissions: ["*"], sessionId: null, locale: "zh-CN",
      };
    };
    const start = addMs(clock.now(), -6 * 86_400_000);
    const ts = iso(start);
    const tables: Record<string, ConfigTable> = {};
    for (const d of [CHANNELS, RATES, BLACKLIST, FLAGS]) {
      if (await loadTable(db, d.name)) continue;
      const owner = d.owner ? (await db.get<{ id: string }>("SELECT id FROM departments WHERE name = ?", [d.owner]))?.id ?? null : null;
      await insertRow(db, "config_tables", {
        id: newId(),
        ...tableColumns({
          ...d, read_roles: [], write_roles: [], approval_definition: "config-release", owner_department_id: owner,
          keep_history_days: null, subscribers: people.filter((p) => p.username === "zhangwei").map((p) => p.id), system: false,
        }),
        version: 0, release: null, created_by: actor("admin").userId, created_at: ts, updated_at: ts, deleted_at: null,
      });
      tables[d.name] = (await loadTable(db, d.name))!;
    }
    const step = async (name: string, who: string, reason: string, changes: ConfigChange[]) => {
      const t = (await loadTable(db, name))!;
      await layer.applyWith(t, changes, { actor: actor(who), reason, kind: changes.length > 1 ? "import" : changes[0]!.op }, {
        value: (i, f) => `changes[${i}].values.${f}`, key: (i) => `changes[${i}].key`,
      });
    };
    if (!tables.channels) return;
    await step("channels", "liuyang", "初始化渠道", [
      { op: "create", values: { code: "web", name: "网页收银台", enabled: true } },
      { op: "create", values: { code: "app", name: "App 内支付", enabled: true } },
      { op: "create", values: { code: "mini", name: "小程序", enabled: false } },
    ]);
    await step("channels", "zhangwei", "小程序渠道上线", [{ op: "update", key: "mini", values: { enabled: true } }]);
    await step("rates", "zhangwei", "年度费率初始化", [
      { op: "create", values: { code: "WEB_STD", name: "网页标准费率", rate: "0.0060", channel: "web", remark: "默认费率" } },
      { op: "create", values: { code: "APP_STD", name: "App 标准费率", rate: "0.0055", channel: "app" } },
      { op: "create", values: { code: "MINI_PROMO", name: "小程序推广费率", rate: "0.0030", channel: "mini", remark: "推广期至季度末" } },
    ]);
    await step("rates", "zhangwei", "App 费率按新合同下调", [{ op: "update", key: "APP_STD", values: { rate: "0.0050" } }]);
    await step("rates", "zhangwei", "推广期结束，停用推广费率", [{ op: "update", key: "MINI_PROMO", values: { enabled: false } }]);
    const in30 = iso(addMs(clock.now(), 30 * 86_400_000)).slice(0, 10);
    await step("blacklist", "lina", "刷单风控命中", [
      { op: "create", values: { user_id: "U20250001", reason: "批量注册刷单", expires_at: in30 } },
      { op: "create", values: { user_id: "U20250002", reason: "恶意退款" } },
    ]);
    await step("blacklist", "lina", "申诉通过，移出黑名单", [{ op: "delete", key: "U20250002" }]);
    await step("feature-flags", "liuyang", "新结算页灰度", [
      { op: "create", values: { key: "checkout.v2", enabled: true, rollout: { percent: 10, regions: ["华东"] }, description: "<p>新版结算页，<strong>先在华东灰度</strong>。</p>" } },
      { op: "create", values: { key: "report.export_xlsx", enabled: false, rollout: { percent: 0 }, description: "<p>报表导出为 Excel</p>" } },
    ]);
    await step("feature-flags", "liuyang", "扩大灰度到 50%", [{ op: "update", key: "checkout.v2", values: { rollout: { percent: 50, regions: ["华东", "华南"] } } }]);
    // each demo table's newest version is released in full, so consumers (GET …/published) read them from the start
    for (const name of Object.keys(tables)) {
      const t = (await loadTable(db, name))!;
      await insertRow(db, "config_releases", {
        id: newId(), table_name: name, number: 1, version: t.version, status: "full", gray: null, change_set_id: null, kind: "manual",
        note: "演示数据初始发布", released_by: actor("admin").userId, created_at: iso(clock.now()), ended_at: null,
      });
    }
  },
};
