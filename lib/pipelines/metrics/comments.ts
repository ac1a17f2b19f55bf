// Puts an explanatory comment into generated Alloy, above one statement of a component's block, so the
// reason for an unusual setting travels with the rendered file.
import type { Block, Statement } from '../../alloy/ast.ts';

/** `path`: names of nested blocks, then the attribute, e.g. ['tls_config', 'insecure_skip_verify']. */
export function withComment(block: Block, path: readonly string[], lines: readonly string[]): Block {
  const [name, ...rest] = path;
  let found = false;
  const body = block.body.map((statement): Statement => {
    if (found || statement.name !== name) return statement;
    if (rest.length === 0) {
      found = true;
      const comments = [...(statement.layout?.leadingComments ?? []), ...lines.map((line) => `// ${line}`)];
      return { ...statement, layout: { ...statement.layout, leadingComments: comments } };
    }
    if (statement.kind !== 'block') return statement;
    found = true;
    return withComment(statement, rest, lines);
  });
  if (!found) throw new Error(`${block.name}: no statement ${path.join('.')} to comment`);
  return { ...block, body };
}
