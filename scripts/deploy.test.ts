/**
 * The deployment files (Dockerfile, deploy/docker-compose.yml, deploy/.env.example, deploy/k8s/) cannot be run
 * here (no Docker, no cluster), so they are read: every YAML parses, each role runs with its OPS_ROLES, probes and
 * grace periods, every env name they set is one api/src/env.ts knows, the env
 * example parses with the real schema and carries no secret values.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { envSchema, parseEnv } from "../api/src/env.ts";

const ROOT = resolve(import.meta.dirname, "..");
const DEPLOY = join(ROOT, "deploy");
const K8S = join(DEPLOY, "k8s");
const ROLES = { web: 2, worker: 2, scheduler: 2, bot: 1 } as const;
type Role = keyof typeof ROLES;

/** Read by docker compose itself (interpolation), never by OPS. */
const COMPOSE_ONLY = new Set(["OPS_IMAGE", "POSTGRES_PASSWORD", "SITE_ADDRESS"]);
const KNOWN_ENV = new Set(Object.keys(envSchema.shape));
/** A value under such a name is a secret: the example and the template must leave it empty (or CHANGE_ME). */
const SECRET_NAME = /SECRET|PASSWORD|TOKEN|_KEY(_ID)?$|ENCRYPT_KEY/;
const PLACEHOLDER = "CHANGE_ME";

type Doc = Record<string, any>;

function yamlDocs(path: string): Doc[] {
  // merge keys (`<<: *ops`) as docker compose applies them
  const docs = parseAllDocuments(readFileSync(path, "utf8"), { merge: true });
  for (const d of docs) if (d.errors.length) throw new Error(`${path}: ${d.errors.map((e) => e.message).join("; ")}`);
  return docs.map((d) => d.toJS() as Doc).filter((d) => d !== null);
}

function k8sDocs(): Array<Doc & { file: string }> {
  return readdirSync(K8S).filter((f) => f.endsWith(".yaml")).flatMap((file) => yamlDocs(join(K8S, file)).map((d) => ({ ...d, file })));
}

/** `NAME=value` lines of an env file (comments and blank lines skipped). */
function envFile(path: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.trim() || line.trimStart().startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq < 1) throw new Error(`${path}: not NAME=value: ${line}`);
    out.set(line.slice(0, eq).trim(), line.slice(eq + 1));
  }
  return out;
}

/** Problems of a secret-bearing map: a secret name with a value, a URL with a password that is not the placeholder. */
function secretProblems(values: Iterable<[string, string]>): string[] {
  const problems: string[] = [];
  for (const [name, value] of values) {
    if (SECRET_NAME.test(name) && value !== "" && value !== PLACEHOLDER) problems.push(`${name} has a value`);
    const userinfo = /^[a-z][\w+.-]*:\/\/([^@/]*)@/i.exec(value)?.[1];
    const password = userinfo?.includes(":") ? userinfo.slice(userinfo.indexOf(":") + 1) : undefined;
    if (password !== undefined && password !== PLACEHOLDER) problems.push(`${name} carries a password`);
    // a long run of token characters is a key, whatever the variable is called
    if (/[A-Za-z0-9+/_-]{32,}/.test(value.replace(/^[a-z]+:\/\/[^/]*/i, ""))) problems.push(`${name} looks like a token`);
  }
  return problems;
}

function unknownEnv(names: Iterable<string>): string[] {
  return [...names].filter((n) => !KNOWN_ENV.has(n));
}

/** The checks one Deployment must pass, as messages (empty: fine). */
function deploymentProblems(d: Doc, role: Role): string[] {
  const problems: string[] = [];
  const pod = d.spec?.template?.spec ?? {};
  const c = pod.containers?.[0] ?? {};
  const env = new Map<string, string>((c.env ?? []).map((e: Doc) => [e.name, e.value]));
  if (env.get("OPS_ROLES") !== role) problems.push(`OPS_ROLES is ${env.get("OPS_ROLES")}`);
  if (d.spec?.replicas !== ROLES[role]) problems.push(`replicas ${d.spec?.replicas}`);
  if (pod.terminationGracePeriodSeconds !== 30) problems.push("terminationGracePeriodSeconds is not 30");
  if (c.readinessProbe?.httpGet?.path !== "/readyz") problems.push("readiness probe is not GET /readyz");
  if (c.livenessProbe?.httpGet?.path !== "/healthz") problems.push("liveness probe is not GET /healthz");
  for (const kind of ["requests", "limits"]) {
    if (!c.resources?.[kind]?.cpu || !c.resources?.[kind]?.memory) problems.push(`no cpu/memory ${kind}`);
  }
  if (pod.securityContext?.runAsNonRoot !== true) problems.push("may run as root");
  const refs = (c.envFrom ?? []).map((e: Doc) => e.configMapRef?.name ?? e.secretRef?.name);
  if (!refs.includes("ops-config") || !refs.includes("ops-secrets")) problems.push("envFrom lacks ops-config or ops-secrets");
  const preStop = c.lifecycle?.preStop?.exec?.command as string[] | undefined;
  if (role === "web") {
    const seconds = preStop?.[0] === "sleep" ? Number(preStop[1]) : Number.NaN;
    const drain = Number(env.get("OPS_SHUTDOWN_TIMEOUT_S") ?? 25);
    if (!(seconds >= 2 && seconds <= 10)) problems.push("web has no preStop sleep of a few seconds");
    else if (seconds + drain >= pod.terminationGracePeriodSeconds) problems.push("preStop sleep + OPS_SHUTDOWN_TIMEOUT_S reach the grace period");
  }
  return problems;
}

describe("deployment files", () => {
  it("every YAML under deploy/ parses", () => {
    const files = [join(DEPLOY, "docker-compose.yml"), ...readdirSync(K8S).filter((f) => f.endsWith(".yaml")).map((f) => join(K8S, f))];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(yamlDocs(file).length, file).toBeGreaterThan(0);
  });

  describe("docker-compose.yml", () => {
    const compose = yamlDocs(join(DEPLOY, "docker-compose.yml"))[0]!;
    const services = compose.services as Record<string, Doc>;

    it("runs each role with its OPS_ROLES, replicas, /readyz healthcheck and a 30 s stop grace period", () => {
      for (const [role, replicas] of Object.entries(ROLES)) {
        const s = services[role]!;
        expect(s.environment?.OPS_ROLES, role).toBe(role);
        expect(s.deploy?.replicas, role).toBe(replicas);
        expect(s.stop_grace_period, role).toBe("30s");
        expect(JSON.stringify(s.healthcheck?.test), role).toContain("/readyz");
        expect(s.env_file, role).toBe(".env");
        expect(s.depends_on?.postgres?.condition, role).toBe("service_healthy");
        expect(s.depends_on?.redis?.condition, role).toBe("service_healthy");
      }
      expect(services.postgres!.image).toMatch(/^postgres:16\b/);
      expect(services.redis!.image).toMatch(/^redis:7\b/);
      // the proxy's config exists where the compose file mounts it
      const mount = (services.proxy!.volumes as string[]).find((v) => v.includes("Caddyfile"))!;
      expect(existsSync(join(DEPLOY, mount.split(":")[0]!))).toBe(true);
    });

    it("sets only env names OPS knows in its OPS services", () => {
      const names = Object.keys(ROLES).flatMap((role) => Object.keys(services[role]!.environment ?? {}));
      expect(unknownEnv(names)).toEqual([]);
    });
  });

  describe(".env.example", () => {
    const example = envFile(join(DEPLOY, ".env.example"));

    it("names only variables api/src/env.ts knows (besides compose's own), the core ones included", () => {
      expect(unknownEnv([...example.keys()].filter((n) => !COMPOSE_ONLY.has(n)))).toEqual([]);
      for (const name of ["DATABASE_URL", "REDIS_URL", "OPS_SECRET_KEY", "OPS_PUBLIC_URL", "OPS_TRUST_PROXY", "OPS_CORS_ORIGINS", "SMTP_URL",
        "OPS_METRICS_TOKEN", "SLACK_SIGNING_SECRET", "FEISHU_APP_SECRET", "DINGTALK_CLIENT_SECRET", "OPS_SHUTDOWN_TIMEOUT_S"]) {
        expect(example.has(name), name).toBe(true);
      }
      // each role sets its own
      expect(example.has("OPS_ROLES")).toBe(false);
    });

    it("parses with the server's schema for every role", () => {
      for (const role of Object.keys(ROLES)) {
        const env = parseEnv({ ...Object.fromEntries(example), OPS_ROLES: role });
        expect(env.OPS_ROLES).toEqual([role]);
        expect(env.OPS_TRUST_PROXY).toBe(true);
      }
    });

    it("carries no secret values", () => {
      expect(secretProblems(example)).toEqual([]);
    });
  });

  describe("k8s", () => {
    const docs = k8sDocs();
    const byKind = (kind: string) => docs.filter((d) => d.kind === kind);
    const named = (kind: string, name: string) => byKind(kind).find((d) => d.metadata?.name === name);

    it("lists every manifest in kustomization.yaml except the Secret template, and sets no namespace", () => {
      const kustomization = docs.find((d) => d.kind === "Kustomization")!;
      const files = readdirSync(K8S).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml" && f !== "secret.template.yaml");
      expect([...kustomization.resources].sort()).toEqual(files.sort());
      expect(kustomization.namespace).toBeUndefined();
      for (const d of docs) expect(d.metadata?.namespace, d.file).toBeUndefined();
    });

    it("has one Deployment per role with its OPS_ROLES, probes, grace period, resources and preStop on web", () => {
      for (const role of Object.keys(ROLES) as Role[]) {
        const d = named("Deployment", `ops-${role}`);
        expect(d, role).toBeDefined();
        expect(deploymentProblems(d!, role), role).toEqual([]);
      }
    });

    it("the checks refuse a Deployment without a readiness probe, a wrong role or a too long preStop", () => {
      const web = structuredClone(named("Deployment", "ops-web")!);
      expect(deploymentProblems(web, "worker")).toContain("OPS_ROLES is web");
      const container = web.spec.template.spec.containers[0];
      delete container.readinessProbe;
      container.lifecycle.preStop.exec.command = ["sleep", "9"];
      expect(deploymentProblems(web, "web")).toEqual(["readiness probe is not GET /readyz", "preStop sleep + OPS_SHUTDOWN_TIMEOUT_S reach the grace period"]);
    });

    it("routes /bot/ to the bot and the rest to web through Services that exist", () => {
      const ingress = byKind("Ingress")[0]!;
      const paths = ingress.spec.rules[0].http.paths as Doc[];
      expect(paths.map((p) => [p.path, p.backend.service.name])).toEqual([["/bot/", "ops-bot"], ["/", "ops-web"]]);
      expect(ingress.spec.tls?.length).toBeGreaterThan(0);
      for (const name of ["ops-web", "ops-bot"]) {
        const svc = named("Service", name)!;
        const role = name.slice(4);
        expect(svc.spec.selector["app.kubernetes.io/component"]).toBe(role);
        expect(named("Deployment", name)!.spec.template.metadata.labels["app.kubernetes.io/component"]).toBe(role);
      }
      // PostgreSQL and Redis are external
      expect(byKind("Service").filter((s) => s.spec.type === "ExternalName").map((s) => s.metadata.name).sort()).toEqual(["ops-postgres", "ops-redis"]);
      expect(byKind("StatefulSet")).toEqual([]);
    });

    it("has a PodDisruptionBudget per role and autoscalers for web and worker", () => {
      for (const role of Object.keys(ROLES)) {
        const pdb = named("PodDisruptionBudget", `ops-${role}`)!;
        expect(pdb.spec.selector.matchLabels["app.kubernetes.io/component"], role).toBe(role);
      }
      for (const role of ["web", "worker"]) {
        const hpa = named("HorizontalPodAutoscaler", `ops-${role}`)!;
        expect(hpa.spec.scaleTargetRef.name).toBe(`ops-${role}`);
        expect(hpa.spec.minReplicas).toBe(ROLES[role as Role]);
        expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
      }
    });

    it("sets only known env names; the ConfigMap with the Secret template parses for every role; the template holds no secrets", () => {
      const config = named("ConfigMap", "ops-config")!.data as Record<string, string>;
      const secret = named("Secret", "ops-secrets")!.stringData as Record<string, string>;
      const deploymentEnv = byKind("Deployment").flatMap((d) => (d.spec.template.spec.containers[0].env ?? []).map((e: Doc) => e.name as string));
      expect(unknownEnv([...Object.keys(config), ...Object.keys(secret), ...deploymentEnv])).toEqual([]);
      expect(secretProblems(Object.entries(secret))).toEqual([]);
      for (const role of Object.keys(ROLES)) expect(parseEnv({ ...config, ...secret, OPS_ROLES: role }).OPS_ROLES).toEqual([role]);
      // secrets belong in the Secret, not in the ConfigMap
      expect(Object.keys(config).filter((n) => SECRET_NAME.test(n) || n.endsWith("_URL") && n !== "OPS_PUBLIC_URL")).toEqual([]);
    });
  });

  describe("secret checks", () => {
    it("catch a secret value, a URL password and a token-like value", () => {
      expect(secretProblems([["OPS_SECRET_KEY", "abc"], ["DATABASE_URL", "postgres://ops:hunter2@db/ops"], ["OPS_PUBLIC_URL", `https://x/${"a".repeat(40)}`]]))
        .toEqual(["OPS_SECRET_KEY has a value", "DATABASE_URL carries a password", "OPS_PUBLIC_URL looks like a token"]);
      expect(secretProblems([["DATABASE_URL", "postgres://ops:CHANGE_ME@db/ops"], ["OPS_SECRET_KEY", ""]])).toEqual([]);
    });
  });

  describe("Dockerfile", () => {
    const text = readFileSync(join(ROOT, "Dockerfile"), "utf8");
    const lines = text.split("\n").filter((l) => l.trim() && !l.trimStart().startsWith("#"));
    const ignore = readFileSync(join(ROOT, ".dockerignore"), "utf8").split("\n").filter((l) => l.trim() && !l.startsWith("#"));

    it("runs on oven/bun:1.4.5 as a non-root user, installs from the lockfile, builds the PWA, checks /healthz", () => {
      const froms = lines.filter((l) => l.startsWith("FROM ")).map((l) => l.split(/\s+/)[1]);
      expect(froms.at(-1)).toBe("oven/bun:1.4.5");
      expect(text).toMatch(/RUN npm ci\b|RUN bun install --frozen-lockfile/);
      expect(text).toContain("vite build --config pwa/vite.config.ts");
      const users = lines.filter((l) => l.startsWith("USER "));
      expect(users.at(-1)).toMatch(/^USER (?!root\b|0\b)\S+/);
      expect(lines.find((l) => l.startsWith("HEALTHCHECK"))).toBeDefined();
      expect(text).toMatch(/HEALTHCHECK[\s\S]*\/healthz/);
      expect(lines.find((l) => l.startsWith("CMD "))).toBe('CMD ["bun", "api/src/main.ts"]');
      expect(ignore).toEqual(expect.arrayContaining(["**/node_modules", ".git", ".env"]));
    });

    it("copies only paths that exist and that .dockerignore lets in; sets only known env", () => {
      const sources = lines.filter((l) => l.startsWith("COPY ") && !l.includes("--from=")).flatMap((l) => l.split(/\s+/).slice(1, -1));
      expect(sources.length).toBeGreaterThan(5);
      for (const src of sources) {
        expect(existsSync(join(ROOT, src)), src).toBe(true);
        expect(ignore.some((pattern) => pattern === src || pattern === src.replace(/\/$/, "")), src).toBe(false);
      }
      const envNames = [...text.matchAll(/^ENV\s+([\s\S]*?)(?<!\\)\n/gm)].flatMap((m) => [...m[1]!.matchAll(/([A-Z_][A-Z0-9_]*)=/g)].map((n) => n[1]!));
      expect(envNames.length).toBeGreaterThan(0);
      expect(unknownEnv(envNames)).toEqual([]);
    });
  });
});
