import { describeChatPlatform } from "./chat-contract.ts";
import { dingtalkDriver } from "./chat-drivers.ts";

describeChatPlatform(dingtalkDriver);
