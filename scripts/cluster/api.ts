/** A tiny client of the OPS HTTP API (envelope `{code, message, data}`), one per web process. */
export type ApiAnswer<T = any> = { status: number; code: number; data: T; message: string };

/** How long one request may take, body included (the answer's wait is named when it passes). */
export const REQUEST_TIMEOUT_MS = 30_000;

export class Api {
  /** requests sent and not answered yet, with their start (a stalled run names them) */
  readonly inFlight = new Map<number, { route: string; since: number }>();
  private seq = 0;

  constructor(readonly name: string, readonly base: string, public token = "") {}

  async call<T = any>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const id = ++this.seq;
    const route = `${method} ${path}`;
    this.inFlight.set(id, { route, since: Date.now() });
    try {
      const res = await fetch(`${this.base}/api/v1${path}`, {
        method,
        headers: { "content-type": "application/json", ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      let json: { code?: number; data?: T; message?: string } = {};
      try {
        json = JSON.parse(text);
      } catch {
        json = { message: text.slice(0, 200) };
      }
      return { status: res.status, code: json.code ?? -1, data: json.data as T, message: json.message ?? "" };
    } catch (e) {
      const err = e as Error;
      // "The operation timed out." alone does not say which process or route
      const what = err.name === "TimeoutError" ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : `${err.name}: ${err.message}`;
      throw new Error(`${this.name}: ${route} → ${what}`, { cause: e });
    } finally {
      this.inFlight.delete(id);
    }
  }

  /** Like call(), but anything but a 2xx throws with the route and the server's message. */
  async ok<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await this.call<T>(method, path, body);
    if (r.status < 200 || r.status > 299) throw new Error(`${this.name}: ${method} ${path} → HTTP ${r.status} ${r.code} ${r.message}`);
    return r.data;
  }

  async login(username: string, password: string): Promise<void> {
    const data = await this.ok<{ access_token: string }>("POST", "/auth/login", { username, password });
    this.token = data.access_token;
  }

  /** The requests still waiting for an answer, oldest first: `web1 POST /jobs/x/runs 12.3 s`. */
  describeInFlight(now = Date.now()): string[] {
    return [...this.inFlight.values()].map((r) => `${this.name} ${r.route} ${((now - r.since) / 1000).toFixed(1)} s`);
  }
}
