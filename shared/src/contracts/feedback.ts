/**
 * In-product feedback: the shapes and the state machine, shared by the API (which enforces them)
 * and the PWA (which offers only the buttons the machine allows). Pure: no I/O.
 */
export const FEEDBACK_CATEGORIES = ["bug", "suggestion", "question", "other"] as const;
export type FeedbackCategory = (typeof FEEDBACK_CATEGORIES)[number];

/** new 待处理 → triaged 已受理 → in_progress 处理中 → resolved 已解决 → closed 已关闭; rejected 不予处理. */
export const FEEDBACK_STATUSES = ["new", "triaged", "in_progress", "resolved", "rejected", "closed"] as const;
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number];

export const FEEDBACK_ACTIONS = ["triage", "start", "resolve", "reject", "reopen", "close"] as const;
export type FeedbackAction = (typeof FEEDBACK_ACTIONS)[number];

/** Days after resolution, rejection or closing during which the submitter may reopen. */
export const FEEDBACK_REOPEN_DAYS = 7;

/** Limits the API enforces and the PWA shows before sending. */
export const FEEDBACK_LIMITS = {
  contentMin: 5,
  contentMax: 2000,
  commentMax: 1000,
  /** decoded bytes of the optional PNG/JPEG screenshot (the whole request body is capped at 1 MiB) */
  screenshotBytes: 512 * 1024,
} as const;

/**
 * Who may take an action: `manager` = holds feedback:manage with the feedback in their data scope;
 * `submitter` = the person who filed it (reopen only within FEEDBACK_REOPEN_DAYS).
 */
type Rule = { from: readonly FeedbackStatus[]; to: FeedbackStatus; manager: boolean; submitter: boolean; commentRequired: boolean };

export const FEEDBACK_TRANSITIONS: Record<FeedbackAction, Rule> = {
  triage: { from: ["new"], to: "triaged", manager: true, submitter: false, commentRequired: false },
  start: { from: ["new", "triaged"], to: "in_progress", manager: true, submitter: false, commentRequired: false },
  resolve: { from: ["new", "triaged", "in_progress"], to: "resolved", manager: true, submitter: false, commentRequired: false },
  reject: { from: ["new", "triaged", "in_progress"], to: "rejected", manager: true, submitter: false, commentRequired: true },
  // Back to 待处理: whoever handles it looks at it again.
  reopen: { from: ["resolved", "rejected", "closed"], to: "new", manager: true, submitter: true, commentRequired: true },
  // The submitter confirms a fix or withdraws; a manager closes what is done or moot.
  close: { from: ["new", "resolved", "rejected"], to: "closed", manager: true, submitter: true, commentRequired: false },
};

export type FeedbackRole = { manager: boolean; submitter: boolean };

/** The actions `role` may take on a feedback in `status` (the reopen window is checked by the API). */
export function allowedFeedbackActions(status: FeedbackStatus, role: FeedbackRole): FeedbackAction[] {
  return FEEDBACK_ACTIONS.filter((a) => {
    const rule = FEEDBACK_TRANSITIONS[a];
    return rule.from.includes(status) && ((role.manager && rule.manager) || (role.submitter && rule.submitter));
  });
}

/** The page and device facts the PWA sends with a feedback (what the user saw when filing it). */
export type FeedbackContext = {
  app_version?: string | null;
  language?: string | null;
  viewport?: string | null;
  user_agent?: string | null;
  online?: boolean | null;
  /** the last failed API call's error id or request id, to find it in the logs */
  last_error_id?: string | null;
  last_error_reason?: string | null;
};

export type FeedbackPerson = { id: string; username: string; display_name: string } | null;

export type Feedback = {
  id: string;
  /** the number people quote ("FB-00042"): `feedbackNumber(no)` */
  no: number;
  category: FeedbackCategory;
  status: FeedbackStatus;
  content: string;
  page: string | null;
  context: FeedbackContext;
  has_screenshot: boolean;
  submitter: FeedbackPerson;
  dept_id: string | null;
  dept_name: string | null;
  assignee: FeedbackPerson;
  /** chat platform or "web"/"api": where it was filed from */
  via: string;
  created_at: string;
  updated_at: string;
  status_changed_at: string;
  /** the last reply a handler wrote (shown in 我的反馈) */
  last_reply: string | null;
};

export type FeedbackEventKind = "created" | "transition" | "comment" | "assign";

export type FeedbackEvent = {
  id: string;
  kind: FeedbackEventKind;
  action: FeedbackAction | null;
  from_status: FeedbackStatus | null;
  to_status: FeedbackStatus | null;
  comment: string | null;
  assignee: FeedbackPerson;
  actor: FeedbackPerson;
  via: string;
  created_at: string;
};

/** Detail: the feedback, its timeline (oldest first) and what the caller may do now. */
export type FeedbackDetail = Feedback & {
  events: FeedbackEvent[];
  allowed_actions: FeedbackAction[];
  can_comment: boolean;
  /** the caller handles this feedback (feedback:manage, in scope): may assign and move it */
  can_manage: boolean;
  /** until when the submitter may still reopen (null: not resolved/rejected/closed) */
  reopen_until: string | null;
};

export function feedbackNumber(no: number): string {
  return `FB-${String(no).padStart(5, "0")}`;
}
