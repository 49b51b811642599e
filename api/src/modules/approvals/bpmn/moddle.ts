// bpmn-moddle 10 types its model elements only, not the module: these are the parts we use.
// @ts-ignore -- the package has no declaration for its entry point
import { BpmnModdle as Untyped } from "bpmn-moddle";

/** A model element: `$type` is its qualified type (`bpmn:UserTask`); its properties are read directly or with `get`. */
export type ModdleElement = {
  $type: string;
  $attrs?: Record<string, string>;
  $parent?: ModdleElement;
  id?: string;
  name?: string;
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  [property: string]: unknown;
};
export type ParseWarning = { message: string; element?: ModdleElement; property?: string; value?: unknown };
export type ParseResult = { rootElement: ModdleElement; warnings: ParseWarning[]; references: unknown[]; elementsById: Record<string, ModdleElement> };

export type Moddle = {
  create(type: string, attrs?: Record<string, unknown>): ModdleElement;
  fromXML(xml: string, typeName?: string, options?: Record<string, unknown>): Promise<ParseResult>;
  toXML(element: ModdleElement, options?: { format?: boolean; preamble?: boolean }): Promise<{ xml: string }>;
};

/** bpmn-moddle's class, typed: `new BpmnModdle({ ops: descriptor })`. */
export const BpmnModdle = Untyped as new (packages?: Record<string, unknown>, options?: Record<string, unknown>) => Moddle;
