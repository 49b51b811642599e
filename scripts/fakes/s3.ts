/**
 * A local S3-compatible object store speaking the S3 REST wire format for what OPS uses: path-style
 * `PUT|GET|HEAD|DELETE /<bucket>/<key>`, AWS Signature V4 in the Authorization header checked with
 * the fake's own keys (403 SignatureDoesNotMatch / InvalidAccessKeyId as XML like S3), a signed
 * payload hash checked against the body, 404 NoSuchKey / NoSuchBucket. Objects live in memory.
 * Run alone: `bun scripts/fakes/s3.ts` (PORT, default 9000), then OPS_BLOB_DRIVER=s3 with the
 * printed OPS_S3_* values.
 */
import { createHash, createHmac } from "node:crypto";

export type FakeS3 = {
  /** OPS_S3_ENDPOINT */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** key → bytes */
  objects: Map<string, { bytes: Uint8Array<ArrayBuffer>; type: string }>;
  /** every request as method and path, in order (refused ones too, with their status) */
  requests: Array<{ method: string; path: string; status: number }>;
  close(): Promise<void>;
};

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

function xmlError(status: number, code: string, message: string): Response {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  return new Response(body, { status, headers: { "content-type": "application/xml" } });
}

/** RFC 3986 encoding of each query name and value, as SigV4 wants them, sorted. */
function canonicalQuery(url: URL): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return [...url.searchParams.entries()].map(([k, v]) => [enc(k), enc(v)]).sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join("&");
}

/** null when the request is signed with our keys; else the S3 error to answer. */
function checkSignature(req: Request, rawPath: string, body: Uint8Array, keys: { id: string; secret: string; region: string }): Response | null {
  const auth = req.headers.get("authorization") ?? "";
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return xmlError(403, "AccessDenied", "Missing or malformed AWS4-HMAC-SHA256 authorization");
  const [, id, day, region, signedHeaders, signature] = m as unknown as string[];
  if (id !== keys.id) return xmlError(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
  if (region !== keys.region) return xmlError(400, "AuthorizationHeaderMalformed", `the region '${region}' is wrong; expecting '${keys.region}'`);
  const amzDate = req.headers.get("x-amz-date") ?? "";
  const payloadHash = req.headers.get("x-amz-content-sha256") ?? "";
  if (!amzDate.startsWith(day!) || !payloadHash) return xmlError(403, "AccessDenied", "x-amz-date and x-amz-content-sha256 are required");
  if (payloadHash !== "UNSIGNED-PAYLOAD" && payloadHash !== sha256(body)) return xmlError(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");
  const names = signedHeaders!.split(";");
  if (!names.includes("host")) return xmlError(403, "AccessDenied", "host must be signed");
  const headers = names.map((n) => `${n}:${(req.headers.get(n) ?? "").trim().replace(/\s+/g, " ")}\n`).join("");
  const canonical = [req.method, rawPath, canonicalQuery(new URL(req.url)), headers, signedHeaders, payloadHash].join("\n");
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${keys.secret}`, day!), region!), "s3"), "aws4_request");
  const expected = createHmac("sha256", key).update(toSign).digest("hex");
  return expected === signature ? null : xmlError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
}

export function startFakeS3(options: { port?: number; bucket?: string; region?: string; accessKeyId?: string; secretAccessKey?: string } = {}): FakeS3 {
  const bucket = options.bucket ?? "ops-blobs";
  const keys = { id: options.accessKeyId ?? "OPSFAKEACCESSKEY", secret: options.secretAccessKey ?? "ops-fake-secret-key-0123456789", region: options.region ?? "us-east-1" };
  const objects: FakeS3["objects"] = new Map();
  const requests: FakeS3["requests"] = [];
  const server = Bun.serve({
    port: options.port ?? 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      // the path as sent (still percent-encoded), which is what the client signed
      const rawPath = req.url.replace(/^[a-z]+:\/\/[^/]+/i, "").split("?")[0]!;
      const body = req.method === "PUT" ? new Uint8Array(await req.arrayBuffer()) : new Uint8Array();
      const answer = (res: Response) => {
        requests.push({ method: req.method, path: rawPath, status: res.status });
        return res;
      };
      const refused = checkSignature(req, rawPath, body, keys);
      if (refused) return answer(refused);
      const [, b, ...rest] = rawPath.split("/");
      const key = decodeURIComponent(rest.join("/"));
      if (b !== bucket) return answer(xmlError(404, "NoSuchBucket", "The specified bucket does not exist"));
      if (!key) return answer(xmlError(400, "InvalidRequest", "Only object requests are supported by this stand-in"));
      const found = objects.get(key);
      switch (req.method) {
        case "PUT": {
          objects.set(key, { bytes: body, type: req.headers.get("content-type") ?? "application/octet-stream" });
          return answer(new Response(null, { status: 200, headers: { etag: `"${createHash("md5").update(body).digest("hex")}"` } }));
        }
        case "GET":
        case "HEAD": {
          if (!found) return answer(req.method === "HEAD" ? new Response(null, { status: 404 }) : xmlError(404, "NoSuchKey", "The specified key does not exist."));
          const headers = { "content-type": found.type, "content-length": String(found.bytes.length), etag: `"${createHash("md5").update(found.bytes).digest("hex")}"` };
          return answer(new Response(req.method === "HEAD" ? null : found.bytes, { status: 200, headers }));
        }
        case "DELETE":
          objects.delete(key);
          return answer(new Response(null, { status: 204 }));
        default:
          return answer(xmlError(405, "MethodNotAllowed", "The specified method is not allowed against this resource."));
      }
    },
  });
  return {
    endpoint: `http://127.0.0.1:${server.port}`, bucket, region: keys.region, accessKeyId: keys.id, secretAccessKey: keys.secret, objects, requests,
    close: async () => {
      await server.stop(true);
    },
  };
}

if (import.meta.main) {
  const fake = startFakeS3({ port: Number(process.env.PORT ?? 9000) });
  console.log(`fake S3 on ${fake.endpoint}: OPS_BLOB_DRIVER=s3 OPS_S3_ENDPOINT=${fake.endpoint} OPS_S3_BUCKET=${fake.bucket} OPS_S3_REGION=${fake.region} ` +
    `OPS_S3_ACCESS_KEY_ID=${fake.accessKeyId} OPS_S3_SECRET_ACCESS_KEY=${fake.secretAccessKey} OPS_S3_FORCE_PATH_STYLE=1`);
}
