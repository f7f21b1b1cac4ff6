// The JSON Schema of lab.yaml, generated from the zod schema so the two never
// disagree; labs/lab.schema.json is this, committed for editors.
import { z } from 'zod';
import { LabSchema } from '../shared/lab';

export function labJsonSchema(): Record<string, unknown> {
  // "input": fields with defaults are optional for the author.
  const schema = z.toJSONSchema(LabSchema, { io: 'input', unrepresentable: 'any' });
  return { ...schema, title: 'nslab lab definition (lab.yaml)' };
}

let fieldNames: string[] | undefined;

/** Every field name the format knows, for "did you mean" suggestions. */
export function knownFieldNames(): string[] {
  if (!fieldNames) {
    const names = new Set<string>();
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (node === null || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'properties' && value && typeof value === 'object') {
          Object.keys(value).forEach((name) => names.add(name));
        }
        visit(value);
      }
    };
    visit(labJsonSchema());
    fieldNames = [...names];
  }
  return fieldNames;
}
