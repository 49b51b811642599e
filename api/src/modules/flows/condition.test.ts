import { describe, expect, it } from "vitest";
import { conditionProblem, evaluateCondition } from "./condition.ts";

const ctx = {
  nodes: { A: { status: "succeeded", output: { count: 150, items: [{ ok: true }] }, exit_code: 0, http_status: null }, B: { status: "failed", output: "boom", exit_code: 1, http_status: null } },
  params: { region: "cn-east", min: 100 },
};

describe("flow conditions", () => {
  it("evaluates comparisons, arithmetic, logic and member access over steps and params", () => {
    expect(evaluateCondition("nodes.A.output.count > 100", ctx)).toBe(true);
    expect(evaluateCondition("nodes.A.output.count > params.min * 2", ctx)).toBe(false);
    expect(evaluateCondition("nodes.A.status == 'succeeded' && !(nodes.B.status === 'succeeded')", ctx)).toBe(true);
    expect(evaluateCondition("nodes.A.output.items[0].ok || false", ctx)).toBe(true);
    expect(evaluateCondition("params.region == 'cn-east' ? nodes.A.exit_code == 0 : false", ctx)).toBe(true);
    expect(evaluateCondition("(nodes.A.output.count + 50) % 100 == 0", ctx)).toBe(true);
    // a text output has no fields: the comparison is simply false
    expect(evaluateCondition("nodes.B.output.count > 1", ctx)).toBe(false);
    expect(evaluateCondition("nodes.B.output.length > 1", ctx)).toBe(false);
  });

  it("refuses calls, other names and prototype tricks at save and at run", () => {
    const up = new Set(["A", "B"]);
    for (const bad of [
      "nodes.A.output.constructor.constructor('return process')()", "nodes.constructor", "nodes.A['__proto__']", "process.exit(1)",
      "globalThis", "nodes[params.region]", "x = 1", "nodes.A.output.count > ", "this.x", "a, b",
    ]) {
      expect(conditionProblem(bad, up), bad).toMatchObject({ message: "flows.condition_syntax" });
      expect(() => evaluateCondition(bad, ctx), bad).toThrow();
    }
    expect(conditionProblem("nodes.Z.status == 'succeeded'", up)).toEqual({ message: "flows.condition_unknown_node", params: { node: "Z" } });
    expect(conditionProblem("nodes.A.output.count > 100", up)).toBeNull();
  });
});
