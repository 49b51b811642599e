import { describe, expect, it } from "vitest";
import { auditActorName, auditChanges, auditReasonText, auditResultName, auditViaText, loginReasonText } from "@ops/shared/contracts/audit.ts";

describe("readable audit rows", () => {
  it("lists changed fields only, nested objects as paths, lists with what was added and removed", () => {
    const before = { name: "运营专员", permissions: ["a", "b"], mfa_required: false, scope: { kind: "dept", depth: 1 }, updated_at: "1" };
    const after = { name: "运营专员", permissions: ["b", "c"], mfa_required: true, scope: { kind: "dept", depth: 2 }, updated_at: "2" };
    expect(auditChanges(before, after)).toEqual([
      { path: "permissions", before: ["a", "b"], after: ["b", "c"], added: ["c"], removed: ["a"] },
      { path: "mfa_required", before: false, after: true },
      { path: "scope.depth", before: 1, after: 2 },
    ]);
    expect(auditChanges(null, { id: "r1", code: "x" })).toEqual([{ path: "id", before: null, after: "r1" }, { path: "code", before: null, after: "x" }]);
    expect(auditChanges({ a: 1 }, null)).toEqual([{ path: "a", before: 1, after: null }]);
    expect(auditChanges(null, null)).toEqual([]);
    expect(auditChanges("x", "y")).toEqual([{ path: "", before: "x", after: "y" }]);
  });

  it("words results, reasons, sources and actors in both languages, raw codes when unknown", () => {
    expect([auditResultName("zh-CN", 200), auditResultName("zh-CN", 401), auditResultName("zh-CN", 403), auditResultName("zh-CN", 409)]).toEqual(["成功", "未登录", "无权限", "失败"]);
    expect(auditResultName("en", 500)).toBe("Failure");
    expect(auditReasonText("zh-CN", "auth.forbidden")).toBe("没有权限执行此操作");
    expect(auditReasonText("en", "auth.token_invalid")).toMatch(/sign in/i);
    expect(auditReasonText("en", "some.unknown_code")).toBe("some.unknown_code");
    expect(loginReasonText("zh-CN", "bad_password")).toBe("密码错误");
    expect(loginReasonText("en", "idp_error:access_denied")).toBe("Identity provider error: access_denied");
    expect(loginReasonText("zh-CN", null)).toBeNull();
    expect(auditViaText("zh-CN", "slack: whoami")).toBe("Slack: whoami");
    expect(auditViaText("zh-CN", "feishu: 审批 12")).toBe("飞书: 审批 12");
    expect([auditViaText("zh-CN", "web"), auditViaText("en", "cli"), auditViaText("en", "bot"), auditViaText("en", "api")]).toEqual(["网页", "Command line", "Chat bot", "API token"]);
    expect(auditActorName("zh-CN", { actor_kind: "user", actor_name: "admin", actor_display_name: "管理员" })).toBe("管理员");
    expect(auditActorName("zh-CN", { actor_kind: "user", actor_name: "gone", actor_display_name: null })).toBe("gone");
    expect(auditActorName("en", { actor_kind: "system", actor_name: "system:cli" })).toBe("System (cli)");
    expect(auditActorName("zh-CN", { actor_kind: "anonymous", actor_name: null })).toBe("匿名");
  });
});
