import type { Feedback, FeedbackAction, FeedbackCategory, FeedbackContext, FeedbackDetail } from "@ops/shared/contracts/feedback.ts";
import { api, fetchAuthed, type Query } from "./client.ts";
import { ApiError } from "./api-error.ts";
import type { Page } from "./types.ts";

export type { Feedback, FeedbackAction, FeedbackCategory, FeedbackContext, FeedbackDetail };
export {
  FEEDBACK_CATEGORIES, FEEDBACK_LIMITS, FEEDBACK_STATUSES, feedbackNumber, type FeedbackStatus, type FeedbackEvent,
} from "@ops/shared/contracts/feedback.ts";

export type FeedbackInput = {
  category: FeedbackCategory;
  content: string;
  page: string | null;
  context: FeedbackContext;
  screenshot?: string | null;
};

/** In-product feedback: filing, my feedback, the handlers' list and the moves along its state machine. */
export const feedbackApi = {
  create: (input: FeedbackInput) => api.post<Feedback>("/feedback", input),
  list: (q: Query) => api.get<Page<Feedback>>("/feedback", q),
  mine: (q: Query) => api.get<Page<Feedback>>("/feedback/mine", q),
  get: (id: string) => api.get<FeedbackDetail>(`/feedback/${encodeURIComponent(id)}`),
  transition: (id: string, body: { action: FeedbackAction; comment?: string; assignee?: string }) =>
    api.post<FeedbackDetail>(`/feedback/${encodeURIComponent(id)}/transitions`, body),
  comment: (id: string, content: string) => api.post<FeedbackDetail>(`/feedback/${encodeURIComponent(id)}/comments`, { content }),
  assign: (id: string, assignee: string | null) => api.post<FeedbackDetail>(`/feedback/${encodeURIComponent(id)}/assign`, { assignee }),
  /** The screenshot as a blob: URL for an <img> (the API wants the bearer token, an <img src> cannot send it). */
  async screenshotUrl(id: string): Promise<string> {
    const res = await fetchAuthed("GET", `/feedback/${encodeURIComponent(id)}/screenshot`);
    if (!res.ok) throw new ApiError(`HTTP ${res.status}`, res.status, res.status * 100 + 1, "feedback.no_screenshot");
    return URL.createObjectURL(await res.blob());
  },
};
