/** Digests: parked notifications flushed as one message. Siblings and the notify root import from here. */
export { flushDigest, parkForDigest, type DigestJob } from "./digest.ts";
