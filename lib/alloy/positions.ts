// Where a parsed node stood in its source. Kept beside the tree, not in it, so a parsed tree and one
// built from TypeScript data stay deeply equal (the printer and the tests rely on that). Built trees
// have no positions; messages then name the component and field only.
import type { AlloyFile, Expr, ObjectField, Statement } from './ast.ts';

export interface Position {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
}

type Node = AlloyFile | Statement | Expr | ObjectField;

const positions = new WeakMap<Node, Position>();

export function setPosition(node: Node, position: Position): void {
  positions.set(node, position);
}

export function positionOf(node: Node): Position | undefined {
  return positions.get(node);
}

/** `file:line:col` for messages, or undefined for a built node. */
export function where(node: Node): string | undefined {
  const p = positions.get(node);
  return p === undefined ? undefined : `${p.file}:${p.line}:${p.column}`;
}
