import jsep from "jsep";

/**
 * Safe expressions (flow condition nodes, approval condition branches): parsed by jsep, evaluated by
 * this whitelist. Literals, the caller's root names (flows: `nodes.<key>…` and `params.<name>…`;
 * approvals: `form.<key>…`), member access (own properties only: `Object.hasOwn`, and never
 * `constructor`, `__proto__` or `prototype`), comparison, arithmetic, `&& || !` and `a ? b : c`.
 * No calls, no other identifiers, no assignment: nothing reaches the process.
 */
type Node = jsep.Expression;

const BINARY = new Set(["==", "!=", "===", "!==", "<", ">", "<=", ">=", "+", "-", "*", "/", "%", "&&", "||"]);
const UNARY = new Set(["!", "-", "+"]);
/** Flows' roots, the default; approvals pass `["form"]`. */
const FLOW_ROOTS: ReadonlySet<string> = new Set(["nodes", "params"]);
const FORBIDDEN = new Set(["constructor", "__proto__", "prototype"]);

export type ConditionProblem = { message: "flows.condition_syntax" | "flows.condition_unknown_node"; params: Record<string, string> };

function parse(text: string): Node {
  return jsep(text);
}

/** The property name of a member expression (`a.b` or `a["b"]`/`a[0]`), or null when computed from data. */
function propertyOf(n: jsep.MemberExpression): string | null {
  if (!n.computed && n.property.type === "Identifier") return String((n.property as jsep.Identifier).name);
  if (n.computed && n.property.type === "Literal") return String((n.property as jsep.Literal).value);
  return null;
}

/** Checks the shape; returns the node keys read (`nodes.<key>`), or throws a problem. */
function check(n: Node, keys: Set<string>, roots: ReadonlySet<string>): void {
  switch (n.type) {
    case "Literal":
      return;
    case "Identifier":
      if (!roots.has(String((n as jsep.Identifier).name))) throw new Error(`unknown name ${(n as jsep.Identifier).name}`);
      return;
    case "MemberExpression": {
      const m = n as jsep.MemberExpression;
      const prop = propertyOf(m);
      if (prop === null) throw new Error("computed member access");
      if (FORBIDDEN.has(prop)) throw new Error(`${prop} is not allowed`);
      if (m.object.type === "Identifier" && (m.object as jsep.Identifier).name === "nodes") keys.add(prop);
      return check(m.object, keys, roots);
    }
    case "BinaryExpression": {
      const b = n as jsep.BinaryExpression;
      if (!BINARY.has(b.operator)) throw new Error(`operator ${b.operator} is not allowed`);
      check(b.left, keys, roots);
      return check(b.right, keys, roots);
    }
    case "UnaryExpression": {
      const u = n as jsep.UnaryExpression;
      if (!UNARY.has(u.operator)) throw new Error(`operator ${u.operator} is not allowed`);
      return check(u.argument, keys, roots);
    }
    case "ConditionalExpression": {
      const c = n as jsep.ConditionalExpression;
      check(c.test, keys, roots);
      check(c.consequent, keys, roots);
      return check(c.alternate, keys, roots);
    }
    default:
      throw new Error(`${n.type} is not allowed`);
  }
}

/**
 * A condition as the designer wrote it: null when fine, else what is wrong (a syntax error, a
 * construct outside the whitelist, or a `nodes.<key>` that is not upstream of the condition).
 */
export function conditionProblem(text: string, upstream: ReadonlySet<string>, roots: ReadonlySet<string> = FLOW_ROOTS): ConditionProblem | null {
  const keys = new Set<string>();
  try {
    check(parse(text), keys, roots);
  } catch (e) {
    return { message: "flows.condition_syntax", params: { reason: (e as Error).message } };
  }
  const unknown = [...keys].filter((k) => !upstream.has(k));
  return unknown.length ? { message: "flows.condition_unknown_node", params: { node: unknown.join(", ") } } : null;
}

export type ConditionContext = Record<string, unknown>;

const own = (obj: unknown, key: string): unknown =>
  obj !== null && typeof obj === "object" && !FORBIDDEN.has(key) && Object.hasOwn(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;

function evaluate(n: Node, ctx: ConditionContext): unknown {
  switch (n.type) {
    case "Literal":
      return (n as jsep.Literal).value;
    case "Identifier":
      return own(ctx, String((n as jsep.Identifier).name));
    case "MemberExpression": {
      const m = n as jsep.MemberExpression;
      const prop = propertyOf(m);
      // a missing step or field reads as undefined (like `?.`): `nodes.A.output.count > 100` is simply false
      return prop === null ? undefined : own(evaluate(m.object, ctx), prop);
    }
    case "BinaryExpression": {
      const b = n as jsep.BinaryExpression;
      if (b.operator === "&&") return evaluate(b.left, ctx) && evaluate(b.right, ctx);
      if (b.operator === "||") return evaluate(b.left, ctx) || evaluate(b.right, ctx);
      const l = evaluate(b.left, ctx) as never;
      const r = evaluate(b.right, ctx) as never;
      switch (b.operator) {
        case "==": return l == r;
        case "!=": return l != r;
        case "===": return l === r;
        case "!==": return l !== r;
        case "<": return l < r;
        case ">": return l > r;
        case "<=": return l <= r;
        case ">=": return l >= r;
        case "+": return (l as number) + (r as number);
        case "-": return l - r;
        case "*": return l * r;
        case "/": return l / r;
        case "%": return l % r;
      }
      throw new Error(`operator ${b.operator} is not allowed`);
    }
    case "UnaryExpression": {
      const u = n as jsep.UnaryExpression;
      const v = evaluate(u.argument, ctx);
      return u.operator === "!" ? !v : u.operator === "-" ? -(v as number) : +(v as number);
    }
    case "ConditionalExpression": {
      const c = n as jsep.ConditionalExpression;
      return evaluate(c.test, ctx) ? evaluate(c.consequent, ctx) : evaluate(c.alternate, ctx);
    }
    default:
      throw new Error(`${n.type} is not allowed`);
  }
}

/** Evaluates a condition that passed `conditionProblem` at save; its truth decides the branch. */
export function evaluateCondition(text: string, ctx: ConditionContext, roots: ReadonlySet<string> = FLOW_ROOTS): boolean {
  const tree = parse(text);
  check(tree, new Set(), roots);
  return Boolean(evaluate(tree, ctx));
}
