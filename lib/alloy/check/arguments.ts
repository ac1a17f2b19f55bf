// Each block of an Alloy file against its body in the catalogue, at every depth: unknown or misspelled
// attributes and blocks (enum members such as `stage.regexx` too), missing required ones, a block given twice
// that is not repeatable, an attribute written as a block or the other way round, a block's label, and every
// literal value against its type (values.ts). Components, service config blocks (`logging`, `http`, ...) and
// language blocks (language-blocks.ts) are all bodies; `declare` bodies and foreach templates hold
// components and are walked as configurations of their own. A class with methods, no per-node closures:
// it runs on every generated file of every export.
import type { Block, Expr, Statement } from '../ast.ts';
import { IndexedCatalogue, type IndexedBody } from '../catalogue/indexed.ts';
import { closest } from '../../core/did-you-mean.ts';
import { languageCatalogue } from '../language-blocks.ts';
import { positionOf, type Position } from '../positions.ts';
import type { Registry } from '../registry.ts';
import { problemMessage, type CheckProblem } from './problem.ts';
import { ValueCheck, type ValueReport } from './values.ts';

const language = new IndexedCatalogue(languageCatalogue);

/** A custom component of a `declare` block: its arguments, and which of them are optional. */
interface Declared {
  arguments: Map<string, boolean>;
}

export class ArgumentCheck implements ValueReport {
  readonly problems: CheckProblem[] = [];
  private readonly values: ValueCheck;
  private readonly languageValues: ValueCheck;
  private file = '';
  private component: string | undefined;
  /** The enclosing blocks (siblings and index) below the component, for field names in messages. */
  private readonly bodies: (readonly Statement[])[] = [];
  private readonly indexes: number[] = [];
  private attribute: Statement | undefined;
  private readonly catalogue: IndexedCatalogue;
  /** Where the top-level block being checked starts. */
  private blockPosition: Position | undefined;
  /** Custom components of `declare` blocks, per scope (file, then each declare body). */
  private declared: Map<string, Declared> | undefined;
  /** Labels of import.* blocks: their components are not known here. */
  private imports: Set<string> | undefined;

  constructor(registry: Registry) {
    this.catalogue = registry.catalogue;
    this.values = new ValueCheck(this.catalogue, this);
    this.languageValues = new ValueCheck(language, this);
  }

  /** Checks one file's top-level statements. */
  checkFile(file: string, statements: readonly Statement[]): void {
    this.file = file;
    this.checkScope(statements);
  }

  /** A configuration (file, declare body, foreach template): its components and blocks. */
  private checkScope(statements: readonly Statement[]): void {
    const outerDeclared = this.declared;
    const outerImports = this.imports;
    for (const s of statements) {
      if (s.kind !== 'block' || s.label === undefined) continue;
      if (s.name === 'declare') (this.declared = new Map(this.declared ?? [])).set(s.label, declaredOf(s));
      else if (s.name.startsWith('import.')) (this.imports = new Set(this.imports ?? [])).add(s.label);
    }
    for (const s of statements) if (s.kind === 'block') this.checkTopBlock(s);
    this.declared = outerDeclared;
    this.imports = outerImports;
  }

  private checkTopBlock(block: Block): void {
    const name = block.name;
    const outer = this.component;
    this.component = block.label === undefined ? name : `${name}.${block.label}`;
    const outerPosition = this.blockPosition;
    this.blockPosition = positionOf(block);
    const languageEntry = language.configBlock(name);
    if (languageEntry !== undefined) {
      if (name === 'declare') {
        this.checkScope(block.body);
      } else if (name === 'foreach') {
        this.checkBody(block.body, language.body(languageEntry.arguments!), true);
        for (const s of block.body) if (s.kind === 'block' && s.name === 'template') this.checkScope(s.body);
      } else this.checkBody(block.body, language.body(languageEntry.arguments!), true);
      this.component = outer;
      this.blockPosition = outerPosition;
      return;
    }
    const config = this.catalogue.configBlock(name);
    if (config !== undefined) {
      this.component = name;
      if (block.label !== undefined) this.report(block, '', `${name} takes no label`, `write ${name} { ... }`);
      if (config.arguments !== undefined) this.checkBody(block.body, this.catalogue.body(config.arguments), false);
      this.component = outer;
      this.blockPosition = outerPosition;
      return;
    }
    const entry = this.catalogue.component(name);
    if (entry !== undefined) {
      if (entry.arguments !== undefined) this.checkBody(block.body, this.catalogue.body(entry.arguments), false);
      else if (block.body.length > 0) this.report(block.body[0]!, '', `${name} takes no arguments`);
    } else {
      const declared = this.declared?.get(name);
      if (declared !== undefined) this.checkDeclaredUse(block, declared);
      // Unknown and imported types are the graph check's to report (it names the closest known type).
    }
    this.component = outer;
    this.blockPosition = outerPosition;
  }

  private checkDeclaredUse(block: Block, declared: Declared): void {
    const seen = new Set<string>();
    for (const s of block.body) {
      if (s.kind === 'block') {
        this.report(s, s.name, `${block.name} takes only attributes (its argument blocks), not a block`);
        continue;
      }
      seen.add(s.name);
      if (!declared.arguments.has(s.name)) {
        const match = closest(s.name, declared.arguments.keys());
        this.report(s, s.name, `${s.name} is not an argument of ${block.name}`, match === undefined ? undefined : `did you mean ${match}?`);
      }
    }
    for (const [name, optional] of declared.arguments) {
      if (!optional && !seen.has(name)) this.report(block, '', `missing required argument ${name}`);
    }
  }

  /** `lang`: the body belongs to a language block, whose object types are the language catalogue's. */
  private checkBody(statements: readonly Statement[], body: IndexedBody, lang: boolean): void {
    if (body.open) return;
    let attributes: Set<string> | undefined;
    let blocks: Map<string, number> | undefined;
    let enums: Set<string> | undefined;
    for (let index = 0; index < statements.length; index++) {
      const s = statements[index]!;
      if (s.kind === 'attribute') {
        const spec = body.attributes.get(s.name);
        if (spec === undefined) {
          this.unknownName(s, body);
          continue;
        }
        attributes ??= new Set();
        if (attributes.has(s.name)) this.report(s, this.field(s.name), `${s.name} is set twice`, 'an attribute may be set once');
        attributes.add(s.name);
        this.attribute = s;
        (lang ? this.languageValues : this.values).check(s.value, spec.type);
        continue;
      }
      const spec = body.blocks.get(s.name);
      let inner: IndexedBody;
      if (spec !== undefined) {
        blocks ??= new Map();
        const count = (blocks.get(s.name) ?? 0) + 1;
        blocks.set(s.name, count);
        if (count === 2 && !spec.repeatable) this.report(s, this.field(s.name), `block ${s.name} is given twice`, 'it may appear once');
        inner = (lang ? language : this.catalogue).body(spec.body);
      } else {
        const member = body.members.get(s.name);
        if (member === undefined) {
          this.unknownName(s, body);
          continue;
        }
        (enums ??= new Set()).add(member.field);
        inner = (lang ? language : this.catalogue).body(member.body);
      }
      // foreach templates hold components (checked as a scope of their own).
      if (lang && s.name === 'template') continue;
      this.bodies.push(statements);
      this.indexes.push(index);
      if (!inner.open) {
        if (inner.label && s.label === undefined) this.report(s, this.field(''), `block ${s.name} needs a label`, `write ${s.name} "name" { ... }`);
        else if (!inner.label && s.label !== undefined) this.report(s, this.field(''), `block ${s.name} takes no label`, `write ${s.name} { ... }`);
      }
      this.checkBody(s.body, inner, lang);
      this.bodies.pop();
      this.indexes.pop();
    }
    const at = this.bodies.length === 0 ? undefined : this.bodies.at(-1)![this.indexes.at(-1)!];
    for (const name of body.requiredAttributes) {
      if (!attributes?.has(name)) this.reportMissing(at, `missing required argument ${name}`);
    }
    for (const name of body.requiredBlocks) {
      if (!blocks?.has(name)) this.reportMissing(at, `missing required block ${name}`, `add ${name} { ... }`);
    }
    for (const field of body.requiredEnums) {
      if (!enums?.has(field)) this.reportMissing(at, `needs at least one ${field}.* block`);
    }
  }

  /** A name the body does not have: written the wrong way (attribute for block, or back), or misspelled. */
  private unknownName(s: Statement, body: IndexedBody): void {
    const field = this.field(s.name);
    if (s.kind === 'attribute' && (body.blocks.has(s.name) || body.members.has(s.name))) {
      this.report(s, field, `${s.name} is a block, not an attribute`, `write ${s.name} { ... }`);
      return;
    }
    if (s.kind === 'block' && body.attributes.has(s.name)) {
      const type = body.attributes.get(s.name)!.type;
      this.report(s, field, `${s.name} is an attribute, not a block`, type.startsWith('object(') || type.startsWith('map(') ? `write ${s.name} = { ... }` : `write ${s.name} = <value>`);
      return;
    }
    const match = s.kind === 'attribute'
      ? closest(s.name, body.attributes.keys()) ?? closest(s.name, body.blocks.keys())
      : closest(s.name, body.blocks.keys()) ?? closest(s.name, body.members.keys()) ?? closest(s.name, body.attributes.keys());
    const what = s.kind === 'attribute' ? 'argument' : 'block';
    this.report(s, field, `unknown ${what} ${s.name}`, match === undefined ? undefined : `did you mean ${match}?`);
  }

  // ValueReport: a problem inside the value of the attribute being checked.
  valueProblem(expr: Expr, path: string, text: string, hint?: string): void {
    const s = this.attribute!;
    const field = this.field(`${s.name}${path}`);
    this.push(positionOf(expr) ?? positionOf(s), field, text, hint);
  }

  /** `endpoint 1 basic_auth <name>`: the enclosing blocks (below the component), then `name`. Built only to report. */
  private field(name: string): string {
    const labels: string[] = [];
    for (let i = 0; i < this.bodies.length; i++) labels.push(blockLabel(this.bodies[i]!, this.indexes[i]!));
    if (name !== '') labels.push(name);
    return labels.join(' ');
  }

  /** Inside a nested block the field is that block; at the top, the component itself (`at` undefined). */
  private reportMissing(at: Statement | undefined, text: string, hint?: string): void {
    this.push(at === undefined ? this.blockPosition : positionOf(at), this.field(''), text, hint);
  }

  private report(s: Statement, field: string, text: string, hint?: string): void {
    this.push(positionOf(s), field, text, hint);
  }

  private push(position: Position | undefined, field: string, text: string, hint?: string): void {
    const component = this.component;
    this.problems.push({
      file: this.file, ...(position ? { position } : {}), ...(component ? { component } : {}), ...(field ? { field } : {}),
      message: problemMessage(this.file, position, component, field, text, hint),
    });
  }
}

/** A block's name in messages: `endpoint 2`, `stage 3 (stage.regex)`; one of its kind alone is just its name. */
function blockLabel(siblings: readonly Statement[], index: number): string {
  const s = siblings[index]!;
  if (s.kind === 'attribute') return s.name;
  const dot = s.name.indexOf('.');
  const family = dot > 0 ? s.name.slice(0, dot + 1) : undefined;
  let n = 0;
  let total = 0;
  for (let i = 0; i < siblings.length; i++) {
    const other = siblings[i]!;
    if (other.kind !== 'block' || (family === undefined ? other.name !== s.name : !other.name.startsWith(family))) continue;
    total++;
    if (i <= index) n++;
  }
  if (family !== undefined) return `${family.slice(0, -1)} ${n} (${s.name})`;
  return total === 1 ? s.name : `${s.name} ${n}`;
}

function declaredOf(block: Block): Declared {
  const args = new Map<string, boolean>();
  for (const s of block.body) {
    if (s.kind !== 'block' || s.name !== 'argument' || s.label === undefined) continue;
    let optional = false;
    for (const a of s.body) if (a.kind === 'attribute' && a.name === 'optional' && a.value.kind === 'bool') optional = a.value.value;
    args.set(s.label, optional);
  }
  return { arguments: args };
}

/** Every argument problem of every file. */
export function checkArguments(files: readonly { name: string; file: { body: readonly Statement[] } }[], registry: Registry): CheckProblem[] {
  const check = new ArgumentCheck(registry);
  for (const { name, file } of files) check.checkFile(name, file.body);
  return check.problems;
}
