import type { FormattedExecutionResult } from 'graphql';

/**
 * A field value that is already JSON text (e.g. built by PostgreSQL), placed in a result's
 * `data` so that {@link stringifyResult} copies it into the response as it is: no parse in
 * Node, no objects for the garbage collector, no second stringify of a large list.
 */
export class RawJson {
  constructor(readonly text: string) {}

  /** Anything else that serialises the result (a plugin, a test) still gets the right value, slowly. */
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/**
 * Apollo's `stringifyResult`: the same bytes as its default (`JSON.stringify(value) + '\n'`),
 * except that {@link RawJson} values directly under `data` are spliced in as text. Only the
 * top level of `data` is looked at, which is where the SQL-compiled root fields put them.
 */
export function stringifyResult(value: FormattedExecutionResult): string {
  const data = value.data as Record<string, unknown> | null | undefined;
  if (!data || !Object.values(data).some((v) => v instanceof RawJson)) return `${JSON.stringify(value)}\n`;
  const members: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (key === 'data') {
      const fields: string[] = [];
      for (const [k, x] of Object.entries(data)) {
        const text = x instanceof RawJson ? x.text : JSON.stringify(x);
        // JSON.stringify leaves out members whose value is undefined (or a function): so do we.
        if (text !== undefined) fields.push(`${JSON.stringify(k)}:${text}`);
      }
      members.push(`"data":{${fields.join(',')}}`);
    } else {
      const text = JSON.stringify(v);
      if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
    }
  }
  return `{${members.join(',')}}\n`;
}
