// Each piece of the fast start can be switched off with ALLOY_STACK_NO_<PIECE>=1: to measure what it gains
// (the comment that explains each piece gives its figures, measured so), or to run without it when debugging.
// The export's output is the same either way.
export type Piece =
  | 'BUNDLE' // bundle.ts: the sources run through tsx instead
  | 'V8_CACHE' // bundle.ts: V8 compiles the bundle afresh, and keeps nothing
  | 'COMPILED_ENVIRONMENTS' // compiled-environments.ts: every environment file is imported through tsx
  | 'YAML_TEXTS' // yaml-texts.ts: the yaml package is asked again
  | 'KEPT_ALLOW_LISTS'; // kept-allow-lists.ts: every allow-list is parsed and checked again

export const isOff = (piece: Piece): boolean => process.env[`ALLOY_STACK_NO_${piece}`] === '1';
