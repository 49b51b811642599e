/** ids, opaque tokens, hashes and secret encryption (OPS_SECRET_KEY) for values kept in the store. */
export function newId(): string {
  return Bun.randomUUIDv7();
}

export function randomToken(bytes = 32): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("base64url");
}

export function sha256(value: string): string {
  return new Bun.CryptoHasher("sha256").update(value).digest("hex");
}

export interface SecretBox {
  encrypt(plain: string): Promise<string>;
  decrypt(sealed: string): Promise<string>;
}

/** AES-256-GCM with a key derived from OPS_SECRET_KEY; output is `v1.<iv>.<ciphertext>` in base64url. */
export async function createSecretBox(secret: string): Promise<SecretBox> {
  const material = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`ops-secret-box:${secret}`));
  const key = await crypto.subtle.importKey("raw", material, "AES-GCM", false, ["encrypt", "decrypt"]);
  return {
    async encrypt(plain) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const data = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode(plain));
      return `v1.${Buffer.from(iv).toString("base64url")}.${Buffer.from(data).toString("base64url")}`;
    },
    async decrypt(sealed) {
      const [version, iv, data] = sealed.split(".");
      if (version !== "v1" || !iv || !data) throw new Error("unknown secret format");
      const plain = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv: Buffer.from(iv, "base64url") },
        key,
        Buffer.from(data, "base64url"),
      );
      return new TextDecoder().decode(plain);
    },
  };
}
