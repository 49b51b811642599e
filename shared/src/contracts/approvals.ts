/**
 * Approvals: the words the API, the bot, the cards and the PWA share. Pure: no I/O.
 * The API validates with zod schemas built from these lists.
 */

/** start 发起 · approver 审批 · cc 抄送 · condition 条件分支 · parallel 并行分支 · join 汇合 · subprocess 子流程 · end 结束 */
export const APPROVAL_NODE_TYPES = ["start", "approver", "cc", "condition", "parallel", "join", "subprocess", "end"] as const;
export type ApprovalNodeType = (typeof APPROVAL_NODE_TYPES)[number];

/** Who approves: named users, a role's members, the initiator's department head N levels up, chosen by the initiator at start, a user form field, the initiator. */
export const APPROVER_TYPES = ["users", "role", "dept_head", "initiator_select", "form_field", "initiator"] as const;
export type ApproverType = (typeof APPROVER_TYPES)[number];

/** or 或签 (first decision wins) · and 会签 (all) · ratio 按比例 (≥ ratio %) · sequential 依次审批 */
export const APPROVAL_MODES = ["or", "and", "ratio", "sequential"] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

/** Nobody resolves: pass the node, give it to the administrators, or reject the request. */
export const ON_EMPTY = ["auto_pass", "to_admin", "reject"] as const;
export type OnEmpty = (typeof ON_EMPTY)[number];

export const FORM_FIELD_TYPES = ["text", "number", "money", "date", "date_range", "select", "user", "department", "attachment", "table"] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

export const DEFINITION_STATUSES = ["draft", "published", "archived"] as const;
export type DefinitionStatus = (typeof DEFINITION_STATUSES)[number];

export const APPROVAL_STATUSES = ["pending", "approved", "rejected", "withdrawn"] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/**
 * pending 待处理 · waiting 排队（依次审批的后位、加签前的原审批人）· approved 已同意 · rejected 已拒绝 ·
 * transferred 已转交 · closed 已关闭（或签他人已处理、比例已达、撤回、退回）· unread/read 抄送未读/已读
 */
export const TASK_STATUSES = ["pending", "waiting", "approved", "rejected", "transferred", "closed", "unread", "read"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** before/after 加签 · transfer 转交 · delegate 代理（审批人不在期间）· escalate 超时升级 */
export const TASK_RELATIONS = ["before", "after", "transfer", "delegate", "escalate"] as const;
export type TaskRelation = (typeof TASK_RELATIONS)[number] | null;

export const TASK_BOXES = ["todo", "done", "mine", "cc"] as const;
export type TaskBox = (typeof TASK_BOXES)[number];

export const REJECT_TARGETS = ["end", "previous"] as const;
export const ADD_POSITIONS = ["before", "after"] as const;

export const APPROVAL_LIMITS = {
  keyPattern: "^[a-z][a-z0-9_-]{1,62}$",
  nodeKeyPattern: "^[A-Za-z][A-Za-z0-9_]{0,39}$",
  nodesMax: 100,
  fieldsMax: 50,
  conditionMax: 500,
  commentMax: 2000,
  titleMax: 200,
  /** one urge per task per this many ms */
  urgeIntervalMs: 10 * 60_000,
  /** per attachment by default (the server's cap is OPS_ATTACHMENT_MAX_BYTES) */
  attachmentBytes: 10 * 1024 * 1024,
  attachmentsPerComment: 3,
  /** node.timeout.after_minutes: 1 minute to 30 days */
  timeoutMinutesMax: 43_200,
  delegationReasonMax: 500,
  /** a delegation may cover at most this many days */
  delegationDaysMax: 366,
} as const;

/** Attachment types a comment may carry: the same list as tickets'. */
export { TICKET_ATTACHMENT_TYPES as APPROVAL_ATTACHMENT_TYPES } from "./tickets.ts";

/** A file on a comment: its bytes are in the blob store, this is what the timeline shows. */
export type ApprovalAttachment = { id: string; name: string; type: string; size: number };

export type FormField = {
  key: string;
  type: FormFieldType;
  label: string;
  required?: boolean;
  options?: string[];
  min?: number;
  max?: number;
  /** table rows: the columns (scalar types only) */
  columns?: FormField[];
};

export type ApproverRule = {
  type: ApproverType;
  users?: string[];
  role?: string;
  /** dept_head: 1 = the initiator's own department's head, 2 = the one above … */
  level?: number;
  /** form_field: a field of type user */
  field?: string;
};

export type ApprovalNode = {
  key: string;
  type: ApprovalNodeType;
  name?: string;
  approvers?: ApproverRule;
  mode?: ApprovalMode;
  ratio?: number;
  on_empty?: OnEmpty;
  /** cc: who reads (same rules as approvers) */
  cc?: ApproverRule;
  /** approver nodes: what happens when a task stays pending this long */
  timeout?: NodeTimeout;
  /** subprocess nodes: the child approval started when the instance reaches the node */
  subprocess?: SubprocessSpec;
};

/**
 * A subprocess node starts a child approval of a published definition's current version (initiator = the
 * parent's). Child approved → the node passes; child rejected or withdrawn → the parent is rejected.
 */
export type SubprocessSpec = {
  /** a published definition's key */
  definition: string;
  /** the child's title, a template over `{form.<parent key>}`, `{instance.title}`; default "<parent title> · <definition name>" */
  title?: string;
  /** child field key → template over `{form.<parent key>}`, `{instance.title}` */
  form?: Record<string, string>;
};

/** remind 提醒 · approve 自动同意 · reject 自动拒绝 · escalate 升级给他人 */
export const TIMEOUT_ACTIONS = ["remind", "approve", "reject", "escalate"] as const;
export type TimeoutAction = (typeof TIMEOUT_ACTIONS)[number];

export type NodeTimeout = {
  /** minutes after the task was assigned */
  after_minutes: number;
  action: TimeoutAction;
  /** escalate: who gets the task (same rules as approvers) */
  escalate_to?: ApproverRule;
};

/** Internal hooks: when an instance ends with `on`, run a saved job or flow with params mapped from the instance. */
export const HOOK_EVENTS = ["approved", "rejected"] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];
export type ApprovalHook = {
  on: HookEvent;
  run: { type: "job" | "flow"; ref: string };
  /** param name → template over `{form.<key>}`, `{instance.id}`, `{instance.title}`, `{initiator.username}` */
  params: Record<string, string>;
};

/** An edge out of a condition node carries a condition over `form.<key>`; exactly one has none (the default). */
export type ApprovalEdge = { from: string; to: string; condition?: string | null };

export type DefinitionSettings = {
  /** the initiator may withdraw while pending (default true) */
  allow_withdraw: boolean;
  /** the initiator as approver, and an approver who just approved the node before, are passed automatically (default true) */
  dedupe: boolean;
};

export type ApprovalDefinition = {
  id: string;
  key: string;
  name: string;
  description: string;
  status: DefinitionStatus;
  form: FormField[];
  nodes: ApprovalNode[];
  edges: ApprovalEdge[];
  settings: DefinitionSettings;
  /** internal hooks run after the instance ends (optional; [] when none) */
  hooks?: ApprovalHook[];
  published_version: number | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
};

export type ApprovalTask = {
  id: string;
  instance_id: string;
  instance_title: string;
  instance_status: ApprovalStatus;
  definition_key: string;
  initiator_id: string;
  initiator_name: string | null;
  node_key: string;
  node_name: string;
  kind: "approve" | "cc";
  assignee_id: string;
  assignee_name: string | null;
  status: TaskStatus;
  /** how the task came to its assignee: added before/after, transferred, delegated while the approver is away, escalated at a timeout */
  relation: TaskRelation;
  /** delegated tasks: the approver the delegate acts for */
  delegated_from: string | null;
  delegated_from_name: string | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: string | null;
  comment: string | null;
  read_at: string | null;
  created_at: string;
};

export type ApprovalEvent = {
  id: string;
  action: string;
  node_key: string | null;
  task_id: string | null;
  actor_id: string | null;
  actor_name: string | null;
  comment: string | null;
  data: Record<string, unknown>;
  created_at: string;
};

export type ApprovalInstance = {
  id: string;
  definition_id: string;
  definition_key: string;
  definition_name: string;
  version: number;
  title: string;
  form: Record<string, unknown>;
  status: ApprovalStatus;
  initiator_id: string;
  initiator_name: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  /** a subprocess's child: the parent instance's id (null otherwise) */
  parent_id: string | null;
  /** the nodes holding it now, with their open tasks (a subprocess node: its open child's id) */
  current: Array<{ node_key: string; node_name: string; mode: ApprovalMode | null; tasks: ApprovalTask[]; child_id?: string | null }>;
  timeline: ApprovalEvent[];
};

/**
 * Delegation while away (代理): from starts_at to ends_at, approve tasks that would be assigned to
 * user_id go to delegate_id instead (relation "delegate"), for every definition or only those named.
 * One hop: a task delegated to someone who is away too stays with them.
 */
export type ApprovalDelegation = {
  id: string;
  user_id: string;
  user_name: string | null;
  delegate_id: string;
  delegate_name: string | null;
  starts_at: string;
  ends_at: string;
  /** definition keys; null = all */
  definitions: string[] | null;
  reason: string;
  /** active now, scheduled (starts later) or ended */
  state: "active" | "scheduled" | "ended";
  created_by: string | null;
  created_at: string;
};
