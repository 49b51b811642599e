/** A tiny client of the OPS HTTP API (envelope `{code, message, data}`), one per web process. */
export type ApiAnswer<T = any> = { status: number; code: number; data: T; message: string };

export class Api {
  constructor(readonly name: string, readonly base: string, public token = "") {}

  async call<T = any>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const res = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: { "content-type": "application/json", ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let json: { code?: number; data?: T; message?: string } = {};
    try {
      json = JSON.parse(text);
    } catch {
      json = { message: text.slice(0, 200) };
    }
    return { status: res.status, code: json.code ?? -1, data: json.data as T, message: json.message ?? "" };
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
}
