/**
 * The few DingTalk OpenAPI calls the adapter makes, over plain fetch (no OpenAPI SDK is installed):
 * the app access token (cached until 5 min before expiry), interactive card create / update, and
 * the sessionWebhook reply. OpenAPI errors are `{code, message}`; robot webhook ones `{errcode, errmsg}`.
 */
import { AppError } from "@ops/shared";

const TOKEN_MARGIN_MS = 5 * 60 * 1000;

export type DingTalkApiConfig = { apiUrl: string; clientId: string; clientSecret: string; now: () => number };

/** A card body for createAndDeliver; field names as in DingTalk's "创建并投放卡片" API. */
export type CreateCardRequest = {
  cardTemplateId: string;
  outTrackId: string;
  callbackType: "STREAM";
  cardData: { cardParamMap: Record<string, string> };
  openSpaceId: string;
  userIdType: 1;
  imGroupOpenSpaceModel?: { supportForward: boolean };
  imGroupOpenDeliverModel?: { robotCode: string };
  imRobotOpenSpaceModel?: { supportForward: boolean };
  imRobotOpenDeliverModel?: { spaceType: "IM_ROBOT"; robotCode: string };
};

/** Robot webhook codes that mean "this session can no longer be used" (not exist / expired). */
export const SESSION_GONE_CODES = [300001, 300002];

export class DingTalkApiError extends AppError {
  constructor(what: string, status: number, body: Record<string, unknown>) {
    super("dingtalk.api_error", {
      status: 502,
      retryable: status === 429 || status >= 500,
      params: { what, httpStatus: status, code: body.code ?? body.errcode, message: body.message ?? body.errmsg },
    });
  }
}

export class DingTalkApi {
  private token: { value: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;

  constructor(private readonly cfg: DingTalkApiConfig) {}

  async createAndDeliver(body: CreateCardRequest): Promise<void> {
    const res = await this.call("POST", "/v1.0/card/instances/createAndDeliver", body);
    if (res.success === false) throw new DingTalkApiError("createAndDeliver", 200, res);
  }

  async updateCard(outTrackId: string, cardParamMap: Record<string, string>): Promise<void> {
    await this.call("PUT", "/v1.0/card/instances", {
      outTrackId,
      cardData: { cardParamMap },
      // Only the keys we send change; template variables we did not render stay as they are.
      cardUpdateOptions: { updateCardDataByKey: true },
      userIdType: 1,
    });
  }

  /**
   * A robot's 1:1 message to users (批量发送人与机器人会话中机器人消息): `msgKey` names the message
   * template (sampleMarkdown, sampleActionCard, …) and `msgParam` is its parameters as a JSON string.
   */
  async sendToUsers(robotCode: string, userIds: string[], msgKey: string, msgParam: Record<string, string>): Promise<void> {
    const res = await this.call("POST", "/v1.0/robot/oToMessages/batchSend", { robotCode, userIds, msgKey, msgParam: JSON.stringify(msgParam) });
    const invalid = Array.isArray(res.invalidStaffIdList) ? res.invalidStaffIdList : [];
    const throttled = Array.isArray(res.flowControlledStaffIdList) ? res.flowControlledStaffIdList : [];
    if (invalid.length || throttled.length) throw new DingTalkApiError("oToMessages/batchSend", throttled.length ? 429 : 400, { code: "notDelivered", message: JSON.stringify({ invalid, throttled }) });
  }

  /** POSTs a message to a sessionWebhook; returns the robot errcode (0 on success). */
  async postSessionWebhook(url: string, message: unknown): Promise<number> {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(message) });
    const body = await readJson(res);
    const errcode = Number(body.errcode ?? 0);
    if (!res.ok || (errcode !== 0 && !SESSION_GONE_CODES.includes(errcode))) throw new DingTalkApiError("sessionWebhook", res.status, body);
    return errcode;
  }

  private async call(method: string, path: string, body: unknown): Promise<Record<string, unknown>> {
    const token = await this.accessToken();
    const res = await fetch(`${this.cfg.apiUrl}${path}`, {
      method,
      headers: { "content-type": "application/json", "x-acs-dingtalk-access-token": token },
      body: JSON.stringify(body),
    });
    const json = await readJson(res);
    if (res.status === 401) this.token = undefined;
    if (!res.ok) throw new DingTalkApiError(path, res.status, json);
    return json;
  }

  private accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > this.cfg.now()) return Promise.resolve(this.token.value);
    // One request for concurrent callers.
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetchToken(): Promise<string> {
    const res = await fetch(`${this.cfg.apiUrl}/v1.0/oauth2/accessToken`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ appKey: this.cfg.clientId, appSecret: this.cfg.clientSecret }),
    });
    const body = await readJson(res);
    if (!res.ok || typeof body.accessToken !== "string") throw new DingTalkApiError("accessToken", res.status, body);
    const ttlMs = Number(body.expireIn ?? 7200) * 1000;
    this.token = { value: body.accessToken, expiresAt: this.cfg.now() + ttlMs - TOKEN_MARGIN_MS };
    return body.accessToken;
  }
}

async function readJson(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return { message: text.slice(0, 200) };
  }
}
