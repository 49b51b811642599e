/** Flows' condition expressions are the platform's safe expressions (shared with approvals' condition branches). */
export { conditionProblem, evaluateCondition, type ConditionContext, type ConditionProblem } from "../../platform/expression.ts";
