/** The engine: walking an instance through its version's nodes, deciding nodes by mode, and the after-commit notices. */
export { act, instanceOfTask, myOpenTask } from "./act.ts";
export { enter, finish, insertTask, previousApproverNode } from "./advance.ts";
export { loadInstance, loadTaskView, TASK_FROM, TASK_SELECT, toTask, type InstanceRow, type TaskRow } from "./instance.store.ts";
export { afterApproval, rejectionDecides, settleEscalation } from "./node-outcome.ts";
export { deliver } from "./notices.ts";
export { event, nodeOf, openRun, type Run } from "./run.ts";
export { withInstance } from "./locks.ts";
export { resumeParent } from "./subprocess-end.ts";
export { checkForm } from "./form-check.ts";
