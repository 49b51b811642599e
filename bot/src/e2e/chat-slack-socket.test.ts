import { describeChatPlatform } from "./chat-contract.ts";
import { slackSocketDriver } from "./chat-drivers.ts";

describeChatPlatform(slackSocketDriver, "Slack Socket Mode");
