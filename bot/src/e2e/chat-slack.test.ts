import { describeChatPlatform } from "./chat-contract.ts";
import { slackDriver } from "./chat-drivers.ts";

describeChatPlatform(slackDriver);
