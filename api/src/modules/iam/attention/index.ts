/** What needs attention (locked and not-yet-signed-in accounts, one's own security state), for the home workbench. */
export { createAttention, type Attention, type AttentionList, type AttentionUser, type SecurityStatus } from "./attention.ts";
