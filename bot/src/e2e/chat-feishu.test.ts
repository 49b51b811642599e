import { describeChatPlatform } from "./chat-contract.ts";
import { feishuDriver } from "./chat-drivers.ts";

describeChatPlatform(feishuDriver);
