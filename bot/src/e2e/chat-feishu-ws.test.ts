import { describeChatPlatform } from "./chat-contract.ts";
import { feishuWsDriver } from "./chat-drivers.ts";

describeChatPlatform(feishuWsDriver, "Feishu long connection");
