/**
 * Feishu/Lark callback security (im-protocols.md §2.3-2.4): AES-256-CBC with key = SHA-256(encrypt key)
 * and the IV prefixed, the SHA-256 event signature and the legacy SHA-1 card signature.
 */
import { createCipheriv, createDecipheriv, createHash } from "node:crypto";

/** `X-Lark-Signature` of events and new callbacks: hex SHA-256 (not an HMAC) of ts + nonce + encrypt key + body. */
export function larkSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string): string {
  return createHash("sha256").update(timestamp + nonce + encryptKey + rawBody).digest("hex");
}

/** `X-Lark-Signature` of the legacy card callback: hex SHA-1 of ts + nonce + verification token + body. */
export function larkCardSignatureV1(timestamp: string, nonce: string, verificationToken: string, rawBody: string): string {
  return createHash("sha1").update(timestamp + nonce + verificationToken + rawBody).digest("hex");
}

function aesKey(encryptKey: string): Buffer {
  return createHash("sha256").update(encryptKey).digest();
}

/** `{"encrypt": <this>}`: base64(iv ‖ AES-256-CBC(PKCS7)(plaintext)). */
export function larkEncrypt(encryptKey: string, plaintext: string, iv: Buffer): string {
  if (iv.length !== 16) throw new Error("larkEncrypt: the IV must be 16 bytes");
  const cipher = createCipheriv("aes-256-cbc", aesKey(encryptKey), iv);
  return Buffer.concat([iv, cipher.update(plaintext, "utf8"), cipher.final()]).toString("base64");
}

export function larkDecrypt(encryptKey: string, encrypted: string): string {
  const buf = Buffer.from(encrypted, "base64");
  const decipher = createDecipheriv("aes-256-cbc", aesKey(encryptKey), buf.subarray(0, 16));
  return Buffer.concat([decipher.update(buf.subarray(16)), decipher.final()]).toString("utf8");
}
