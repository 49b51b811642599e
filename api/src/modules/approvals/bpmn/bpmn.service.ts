import type { UserActor } from "@ops/shared";
import type { ApprovalDefinition } from "@ops/shared/contracts/approvals.ts";
import { validationHook } from "../../../http/validation.ts";
import { definitionBody } from "../approvals.schema.ts";
import type { Definitions } from "../definitions/index.ts";
import { toBpmnXml } from "./bpmn-export.ts";
import { fromBpmnXml } from "./bpmn-import.ts";

/** BPMN 2.0 files of definitions: the draft or a published version out, a new draft in. */
export function createBpmn(definitions: Definitions) {
  return {
    /** The draft, or published version `version`, as XML; the file is named after the key. */
    async exportXml(idOrKey: string, version?: number): Promise<{ filename: string; xml: string }> {
      const def = await definitions.get(idOrKey);
      const source = version === undefined ? def : { ...def, ...(await definitions.version(idOrKey, version)) };
      return { filename: `${def.key}.bpmn`, xml: await toBpmnXml({ ...source, key: def.key, description: def.description }) };
    },

    /** A new draft from a file; `key` and `name` override the process id and name. Checked as a create's body is, field by field. */
    async importXml(actor: UserActor, input: { xml: string; key?: string; name?: string }): Promise<ApprovalDefinition> {
      const body = await fromBpmnXml(input.xml);
      const parsed = definitionBody.safeParse({ ...body, key: input.key ?? body.key, name: input.name ?? body.name });
      if (!parsed.success) validationHook({ success: false, error: parsed.error, data: body, target: "json" } as never, undefined as never);
      return definitions.create(actor, parsed.data!);
    },
  };
}

export type Bpmn = ReturnType<typeof createBpmn>;
