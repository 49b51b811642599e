/**
 * The config center's pure parts: the designer's draft → API body (only the properties a type has,
 * bounds as numbers, a JSON Schema that does not parse named at fields[i].json_schema), the error
 * paths (zod's fields.0.x and the service's fields[0].x land on one input), reordering, and the
 * record form's draft → values (only changed fields on an edit, a secret left masked is not sent,
 * numbers and datetimes converted, JSON that does not parse caught before sending).
 */
import { describe, expect, it } from "vitest";
import type { ConfigField, ConfigTable } from "@ops/shared/contracts/config.ts";
import { draftFrom, errorKey, move, newField, newTable, toInput } from "../src/pages/config/designer-model.ts";
import { draftOf, emptyDraft, jsonProblem, SECRET_MASK, toValues } from "../src/ui/config-fields/values.ts";

const jsonError = (m: string) => `bad json: ${m}`;

describe("config table designer model", () => {
  it("sends only the properties each type has, with bounds as numbers", () => {
    const d = newTable();
    d.name = " rates ";
    d.display_name = "费率";
    d.fields[0]!.label = "编码";
    d.fields[0]!.regex = "^[A-Z]{3}$";
    d.fields[0]!.min = "5"; // not a text property: dropped
    d.fields.push({ ...newField("decimal", 2), key: "rate", label: "费率", min: "0", max: "1", scale: "4", regex: "x" });
    d.fields.push({ ...newField("select", 3), key: "channel", label: "渠道", options: [{ value: "app", label: "" }] });
    d.fields.push({ ...newField("code", 4), key: "script", label: "脚本", language: "sql", secret: true });
    d.keep_history_days = "30";
    const { input, problems } = toInput(d, jsonError);
    expect(problems).toEqual({});
    expect(input.name).toBe("rates");
    expect(input.keep_history_days).toBe(30);
    expect(input.owner_department_id).toBeNull();
    expect(input.fields).toEqual([
      { key: "code", type: "text", label: "编码", required: true, unique: true, regex: "^[A-Z]{3}$" },
      { key: "rate", type: "decimal", label: "费率", min: 0, max: 1, scale: 4 },
      { key: "channel", type: "select", label: "渠道", options: [{ value: "app", label: "app" }] },
      { key: "script", type: "code", label: "脚本", language: "sql" },
    ]);
  });

  it("names a JSON Schema that does not parse at its field, and reads a table back", () => {
    const d = newTable();
    d.fields.push({ ...newField("json", 2), key: "rollout", label: "灰度", json_schema: "{\"type\": " });
    expect(Object.keys(toInput(d, jsonError).problems)).toEqual(["fields[1].json_schema"]);
    const table = {
      name: "t", display_name: "T", description: "", key_field: "code", read_roles: ["ops"], write_roles: [], needs_approval: true,
      approval_definition: "config-release", owner_department_id: "d1", keep_history_days: null, subscribers: ["u1"],
      fields: [{ key: "code", type: "text", label: "编码", required: true, unique: true }, { key: "j", type: "json", label: "J", json_schema: { type: "object" } }],
    } as unknown as ConfigTable;
    const back = draftFrom(table, new Map([["u1", "张伟"]]));
    expect(back.subscribers).toEqual([{ id: "u1", label: "张伟" }]);
    expect(back.fields[1]!.json_schema).toContain('"type": "object"');
    expect(toInput(back, jsonError).input.fields[1]).toEqual({ key: "j", type: "json", label: "J", json_schema: { type: "object" } });
  });

  it("spells error paths one way and moves fields within bounds", () => {
    expect(errorKey("fields.0.regex")).toBe("fields[0].regex");
    expect(errorKey("fields.2.options.1.value")).toBe("fields[2].options[1].value");
    expect(errorKey("fields[0].regex")).toBe("fields[0].regex");
    expect(errorKey("values.rate")).toBe("values.rate");
    expect(move(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
    expect(move(["a", "b"], 0, -1)).toEqual(["a", "b"]);
  });
});

describe("config record form values", () => {
  const fields: ConfigField[] = [
    { key: "code", type: "text", label: "编码" },
    { key: "limit", type: "number", label: "额度" },
    { key: "on", type: "switch", label: "启用" },
    { key: "tags", type: "multiselect", label: "标签" },
    { key: "rollout", type: "json", label: "灰度" },
    { key: "token", type: "text", label: "令牌", secret: true },
    { key: "at", type: "datetime", label: "时间" },
  ];

  it("turns a new record's draft into API values", () => {
    const d = { ...emptyDraft(fields), code: "A1", limit: "12", rollout: '{"p": 1}', at: "2026-12-04T10:30" };
    const { values, problems } = toValues(fields, d);
    expect(problems).toEqual({});
    expect(values).toMatchObject({ code: "A1", limit: 12, on: false, tags: [], rollout: { p: 1 }, token: null });
    expect(new Date(values.at as string).getTime()).toBe(new Date("2026-12-04T10:30").getTime());
    // not a number: sent as typed, so the server's message names the field
    expect(toValues(fields, { ...d, limit: "12a" }).values.limit).toBe("12a");
  });

  it("sends only what changed on an edit, never a secret left masked, and catches JSON that does not parse", () => {
    const before = draftOf(fields, { code: "A1", limit: 3, on: true, tags: ["x"], rollout: { p: 1 }, token: SECRET_MASK, at: null });
    expect(before.token).toBe(SECRET_MASK);
    expect(toValues(fields, { ...before }, before).values).toEqual({});
    expect(toValues(fields, { ...before, limit: "4" }, before).values).toEqual({ limit: 4 });
    expect(toValues(fields, { ...before, token: "new-secret" }, before).values).toEqual({ token: "new-secret" });
    const bad = toValues(fields, { ...before, rollout: '{"p": ' }, before);
    expect(Object.keys(bad.problems)).toEqual(["values.rollout"]);
    expect(bad.values).toEqual({});
    expect(jsonProblem("")).toBeNull();
  });
});
