/** Digests: parked notifications flushed as one message. Siblings and the notify root import from here. */
export { enqueueFlush, flushDigest, parkForDigest, windowStart, type DigestJob } from "./digest.ts";
