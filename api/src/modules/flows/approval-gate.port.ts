/**
 * What flows need of approvals for a wait node that is an approval gate (the composition root
 * passes approvals' and IAM's doors): check a definition, start an approval in a user's name,
 * withdraw it when the flow run is cancelled.
 */
export type ApprovalGatePort = {
  /** `problem`: the definition is unknown, or not published (or archived); `fields`: its published form's keys */
  check(definition: string): Promise<{ problem: "unknown" | "unpublished" | null; fields: string[] }>;
  /** an active user by id or username */
  userExists(user: string): Promise<boolean>;
  /**
   * starts an approval as `initiator` (id or username); answers its id; throws when refused (form, definition).
   * `ref` names the gate: starting again with the same ref answers the approval the first start made.
   */
  start(input: { definition: string; title: string; form: Record<string, unknown>; initiator: string; ref?: string }): Promise<{ id: string; status: string }>;
  /** of these approvals, the ones that have ended, with who decided last and their comment */
  ended(approvalIds: string[]): Promise<Array<{ id: string; status: string; decidedBy: string | null; comment: string | null }>>;
  /** ends a pending approval as withdrawn by the system */
  withdraw(approvalId: string, comment: string): Promise<void>;
};
