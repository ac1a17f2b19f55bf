// Go build constraints: whether a file is part of a build for one target, from its name (`x_windows.go`,
// `x_linux_arm64.go`) and its `//go:build` line. Alloy registers the same component from platform files
// (a real one and a stub), so the catalogue must read the files of exactly one build.

const GOOS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd',
  'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos']);
const GOARCH = new Set(['386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64',
  'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm']);

export interface BuildTarget {
  goos: string;
  goarch: string;
  /** Further satisfied tags (`unix`, `cgo`, `-tags` values). */
  tags: readonly string[];
}

/** Does the file's name or `//go:build` line exclude it from a build for this target? */
export function inBuild(fileName: string, text: string, target: BuildTarget): boolean {
  const satisfied = (tag: string) =>
    tag === target.goos || tag === target.goarch || target.tags.includes(tag) || /^go1\.\d+$/.test(tag);
  // name_GOOS_GOARCH.go, name_GOOS.go, name_GOARCH.go (Go ignores the suffix when it is the whole name).
  const parts = fileName.replace(/^.*\//, '').replace(/\.go$/, '').split('_');
  if (parts.length > 1) {
    const last = parts.at(-1)!;
    const prev = parts.length > 2 ? parts.at(-2)! : undefined;
    if (prev !== undefined && GOOS.has(prev) && GOARCH.has(last)) {
      if (prev !== target.goos || last !== target.goarch) return false;
    } else if (GOOS.has(last) && last !== target.goos) return false;
    else if (GOARCH.has(last) && last !== target.goarch) return false;
  }
  const expr = buildLine(text);
  return expr === undefined || evaluate(expr, satisfied, fileName);
}

/** The `//go:build` expression, if the file has one before its package clause. */
function buildLine(text: string): string | undefined {
  let inBlockComment = false;
  for (const raw of text.split('\n')) {
    const t = raw.trim();
    if (inBlockComment) {
      if (t.includes('*/')) inBlockComment = false;
      continue;
    }
    if (t.startsWith('//go:build')) return t.slice('//go:build'.length).trim();
    if (t === '' || t.startsWith('//')) continue;
    if (t.startsWith('/*')) {
      inBlockComment = !t.includes('*/');
      continue;
    }
    return undefined;
  }
  return undefined;
}

// expr := and ('||' and)* ; and := unary ('&&' unary)* ; unary := '!' unary | '(' expr ')' | tag
function evaluate(expr: string, satisfied: (tag: string) => boolean, file: string): boolean {
  const toks = expr.match(/\|\||&&|!|\(|\)|[^\s|&!()]+/g) ?? [];
  let i = 0;
  const fail = (): never => {
    throw new Error(`${file}: cannot read build constraint "${expr}"`);
  };
  const or = (): boolean => {
    let v = and();
    while (toks[i] === '||') {
      i++;
      v = and() || v;
    }
    return v;
  };
  const and = (): boolean => {
    let v = unary();
    while (toks[i] === '&&') {
      i++;
      v = unary() && v;
    }
    return v;
  };
  const unary = (): boolean => {
    const t = toks[i++];
    if (t === undefined) return fail();
    if (t === '!') return !unary();
    if (t === '(') {
      const v = or();
      if (toks[i++] !== ')') fail();
      return v;
    }
    if (t === ')' || t === '&&' || t === '||') fail();
    return satisfied(t);
  };
  const v = or();
  if (i !== toks.length) fail();
  return v;
}
