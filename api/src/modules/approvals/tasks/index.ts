/** Tasks: the inbox boxes and every action on a task. */
export { boxCounts, listBox } from "./task-boxes.ts";
export { createTaskActions } from "./task-actions.ts";
