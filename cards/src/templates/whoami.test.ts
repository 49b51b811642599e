import { describe, expect, it } from "vitest";
import type { Button, Card } from "../card.ts";
import { whoamiCard, type WhoamiData } from "./whoami.ts";

const lina: WhoamiData = { displayName: "李娜", username: "lina", deptName: "运营一部", roles: ["运营专员"], platform: "feishu", externalUserId: "ou_1" };
const buttons = (card: Card): Button[] => card.blocks.flatMap((b) => (b.type === "actions" ? b.buttons : []));
const actions = (card: Card) => buttons(card).flatMap((b) => (b.kind === "action" ? [b.action] : []));

describe("whoami card", () => {
  it("offers 解除绑定 to a chat account, with a confirmation", () => {
    const card = whoamiCard(lina);
    expect(actions(card)).toEqual(["identity.unbind"]);
    expect(buttons(card).find((b) => b.kind === "action")).toMatchObject({ text: "解除绑定", style: "danger", confirm: { title: "确认解除绑定？" } });
  });

  it("has nothing to unbind in the web console (signed in directly), unless asked", () => {
    const web = whoamiCard({ ...lina, platform: "web", externalUserId: "lina" });
    expect(actions(web)).toEqual([]);
    expect(buttons(web).map((b) => b.text)).toEqual(["个人中心"]);
    expect(actions(whoamiCard({ ...lina, platform: "web" }, "en", { unbind: true }))).toEqual(["identity.unbind"]);
    expect(actions(whoamiCard(lina, "en", { unbind: false }))).toEqual([]);
  });
});
