// The Go packages of one repository, read from file texts: modules from every go.mod (the root module and
// nested ones such as syntax/), packages by directory, and name resolution across packages by import path,
// so `loki.LogsReceiver` in one file leads to the declaration in internal/component/common/loki.

import { inBuild, type BuildTarget } from './go-build.ts';
import { goStringValue, type GoToken } from './go-tokens.ts';
import { readGoFile, type GoFile, type GoTypeDecl } from './go-source.ts';

export interface GoPackage {
  /** Directory inside the repository ('' for the root). */
  dir: string;
  importPath: string;
  name: string;
  files: GoFile[];
  types: Map<string, { decl: GoTypeDecl; file: GoFile }>;
  methods: Map<string, Set<string>>;
  values: Map<string, { file: GoFile; tokens: GoToken[] }>;
}

/** A named type: declared in the repository, or outside it (another Go module, the standard library). */
export type ResolvedName =
  | { kind: 'local'; pkg: GoPackage; decl: GoTypeDecl; file: GoFile }
  | { kind: 'external'; importPath: string; name: string }
  | { kind: 'builtin'; name: string };

const BUILTIN_TYPES = new Set(['bool', 'string', 'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32',
  'uint64', 'uintptr', 'float32', 'float64', 'complex64', 'complex128', 'byte', 'rune', 'error', 'any', 'comparable']);

/** Is this file part of the Go source the catalogue reads (not a test, vendored copy or test data)? */
export function isSourceFile(path: string): boolean {
  if (!path.endsWith('.go') || path.endsWith('_test.go')) return false;
  const segments = path.split('/');
  return !segments.some((s) => s === 'vendor' || s === 'testdata' || s.startsWith('.') || s.startsWith('_'));
}

export class GoRepository {
  readonly packages = new Map<string, GoPackage>(); // by import path
  private readonly modules: { path: string; dir: string }[] = [];

  /** `files`: repository-relative path -> text (go.mod files and Go sources; others are ignored). */
  constructor(files: ReadonlyMap<string, string>, target: BuildTarget) {
    for (const [path, text] of files) {
      if (path !== 'go.mod' && !path.endsWith('/go.mod')) continue;
      const m = /^module\s+(\S+)/m.exec(text);
      if (!m) throw new Error(`${path}: no module line`);
      const modulePath = m[1]!.startsWith('"') ? goStringValue(m[1]!) : m[1]!;
      this.modules.push({ path: modulePath, dir: path === 'go.mod' ? '' : path.slice(0, -'/go.mod'.length) });
    }
    // The deepest module directory owns a file.
    this.modules.sort((a, b) => b.dir.length - a.dir.length);
    const byDir = new Map<string, GoFile[]>();
    for (const [path, text] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (!isSourceFile(path) || !inBuild(path, text, target)) continue;
      const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
      const list = byDir.get(dir) ?? [];
      list.push(readGoFile(text, path));
      byDir.set(dir, list);
    }
    for (const [dir, goFiles] of byDir) {
      const module = this.modules.find((m) => m.dir === '' || dir === m.dir || dir.startsWith(`${m.dir}/`));
      if (!module) continue; // outside every module
      const rel = module.dir === '' ? dir : dir.slice(module.dir.length + 1);
      const importPath = rel === '' ? module.path : `${module.path}/${rel}`;
      // `package main` files and a directory's external test package never hold importable declarations.
      const names = new Set(goFiles.map((f) => f.package));
      const name = [...names].find((n) => !n.endsWith('_test')) ?? [...names][0]!;
      const pkg: GoPackage = { dir, importPath, name, files: [], types: new Map(), methods: new Map(), values: new Map() };
      for (const f of goFiles) {
        if (f.package !== name) continue;
        pkg.files.push(f);
        for (const [n, decl] of f.types) {
          const prev = pkg.types.get(n);
          if (prev) throw new Error(`${f.file}:${decl.line}: type ${n} also declared in ${prev.file.file} (build constraints?)`);
          pkg.types.set(n, { decl, file: f });
        }
        for (const [recv, ms] of f.methods) {
          const set = pkg.methods.get(recv) ?? new Set();
          for (const m of ms) set.add(m);
          pkg.methods.set(recv, set);
        }
        for (const [n, tokens] of f.values) pkg.values.set(n, { file: f, tokens });
      }
      this.packages.set(importPath, pkg);
    }
  }

  /** The package a file's import refers to, when it is in this repository. */
  package(importPath: string): GoPackage | undefined {
    return this.packages.get(importPath);
  }

  /** Import path of the package a file refers to as `qualifier` (`loki` in `loki.LogsReceiver`). */
  importOf(file: GoFile, qualifier: string): string | undefined {
    for (const imp of file.imports) {
      if (imp.alias !== undefined) {
        if (imp.alias === qualifier) return imp.path;
        continue;
      }
      const local = this.packages.get(imp.path);
      if ((local ? local.name : guessPackageName(imp.path)) === qualifier) return imp.path;
    }
    return undefined;
  }

  /** Resolves a type name written in `file` of `pkg`. */
  resolve(pkg: GoPackage, file: GoFile, qualifier: string | undefined, name: string): ResolvedName {
    if (qualifier === undefined) {
      const local = pkg.types.get(name);
      if (local) return { kind: 'local', pkg, decl: local.decl, file: local.file };
      if (BUILTIN_TYPES.has(name)) return { kind: 'builtin', name };
      throw new Error(`${file.file}: type ${name} is not declared in package ${pkg.importPath}`);
    }
    const importPath = this.importOf(file, qualifier);
    if (importPath === undefined) throw new Error(`${file.file}: no import for ${qualifier}.${name}`);
    const target = this.packages.get(importPath);
    if (!target) return { kind: 'external', importPath, name };
    const decl = target.types.get(name);
    if (!decl) throw new Error(`${file.file}: ${qualifier}.${name} is not declared in ${importPath}`);
    return { kind: 'local', pkg: target, decl: decl.decl, file: decl.file };
  }

  /**
   * The string value of a constant expression: a literal, a constant of the package, `pkg.Const`,
   * or a `+` concatenation of those.
   */
  constantString(pkg: GoPackage, file: GoFile, tokens: readonly { kind: string; text: string }[], seen = new Set<string>()): string {
    const parts: string[] = [];
    let i = 0;
    const fail = (): never => {
      throw new Error(`${file.file}: cannot evaluate ${tokens.map((t) => t.text).join(' ')} as a string constant`);
    };
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (t.kind === 'string') {
        parts.push(goStringValue(t.text));
        i++;
      } else if (t.kind === 'ident' && tokens[i + 1]?.text === '.' && tokens[i + 2]?.kind === 'ident') {
        const importPath = this.importOf(file, t.text);
        const target = importPath === undefined ? undefined : this.packages.get(importPath);
        const v = target?.values.get(tokens[i + 2]!.text);
        if (!target || !v) fail();
        parts.push(this.constantValue(target!, tokens[i + 2]!.text, seen));
        i += 3;
      } else if (t.kind === 'ident') {
        if (!pkg.values.has(t.text)) fail();
        parts.push(this.constantValue(pkg, t.text, seen));
        i++;
      } else fail();
      if (i < tokens.length) {
        if (tokens[i]!.text !== '+') fail();
        i++;
      }
    }
    if (parts.length === 0) fail();
    return parts.join('');
  }

  private constantValue(pkg: GoPackage, name: string, seen: Set<string>): string {
    const key = `${pkg.importPath}.${name}`;
    if (seen.has(key)) throw new Error(`constant ${key} refers to itself`);
    const v = pkg.values.get(name)!;
    return this.constantString(pkg, v.file, v.tokens, new Set([...seen, key]));
  }
}

/** The usual package name of an import path outside the repository: `.../v2` and `gopkg.in/yaml.v3` drop the version. */
export function guessPackageName(importPath: string): string {
  const segments = importPath.split('/');
  let last = segments.at(-1)!;
  if (/^v\d+$/.test(last) && segments.length > 1) last = segments.at(-2)!;
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/-go$/, '').replaceAll('-', '_').replaceAll('.', '_');
}
