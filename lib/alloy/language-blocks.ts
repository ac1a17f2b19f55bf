// The blocks of the Alloy language itself, which are neither components nor service configuration blocks:
// `declare` (a custom component), `argument` and `export` (inside a module), `import.file|git|http|string`
// (a module from elsewhere) and `foreach`. Their arguments, in the catalogue's shape so the argument check
// reads them like any other body, are those of Alloy's reference pages (docs/sources/reference/config-blocks/
// <name>.md: argument.md, export.md, declare.md, foreach.md, import.*.md). `declare` bodies and foreach
// `template` bodies hold components; the check walks them as a configuration of their own.
import type { Catalogue } from './catalogue/types.ts';

export const languageCatalogue: Catalogue = {
  source: { repository: 'hand-written from Alloy reference docs, config-blocks/*.md', commit: '' },
  components: {},
  configBlocks: {
    argument: { stability: 'generally-available', arguments: 'language.argument', source: 'docs/sources/reference/config-blocks/argument.md' },
    declare: { stability: 'generally-available', arguments: 'language.declare', source: 'docs/sources/reference/config-blocks/declare.md' },
    export: { stability: 'generally-available', arguments: 'language.export', source: 'docs/sources/reference/config-blocks/export.md' },
    // foreach is experimental in Alloy (internal/nodeconf/foreach: StabilityLevel = StabilityExperimental).
    foreach: { stability: 'experimental', arguments: 'language.foreach', source: 'docs/sources/reference/config-blocks/foreach.md' },
    'import.file': { stability: 'generally-available', arguments: 'language.import.file', source: 'docs/sources/reference/config-blocks/import.file.md' },
    'import.git': { stability: 'generally-available', arguments: 'language.import.git', source: 'docs/sources/reference/config-blocks/import.git.md' },
    'import.http': { stability: 'generally-available', arguments: 'language.import.http', source: 'docs/sources/reference/config-blocks/import.http.md' },
    'import.string': { stability: 'generally-available', arguments: 'language.import.string', source: 'docs/sources/reference/config-blocks/import.string.md' },
  },
  types: {
    'language.argument': { attributes: { optional: { type: 'bool' }, default: { type: 'any' }, comment: { type: 'string' } }, blocks: {} },
    // Its body is a module: components and language blocks, walked by the check itself.
    'language.declare': { attributes: {}, blocks: {} },
    'language.export': { attributes: { value: { type: 'any', required: true } }, blocks: {} },
    'language.foreach': {
      attributes: {
        collection: { type: 'list(any)', required: true }, var: { type: 'string', required: true }, id: { type: 'string' },
        hash_string_id: { type: 'bool' }, enable_metrics: { type: 'bool' },
      },
      blocks: { template: { body: 'language.template', required: true } },
    },
    'language.template': { attributes: {}, blocks: {} },
    'language.import.file': { attributes: { filename: { type: 'string', required: true }, detector: { type: 'string' }, poll_frequency: { type: 'duration' } }, blocks: {} },
    'language.import.git': {
      attributes: { repository: { type: 'string', required: true }, revision: { type: 'string' }, path: { type: 'string', required: true }, pull_frequency: { type: 'duration' } },
      blocks: { basic_auth: { body: 'language.git.basic_auth' }, ssh_key: { body: 'language.git.ssh_key' } },
    },
    'language.git.basic_auth': { attributes: { username: { type: 'string' }, password: { type: 'secret' } }, blocks: {} },
    'language.git.ssh_key': { attributes: { username: { type: 'string' }, key: { type: 'secret' }, key_file: { type: 'string' }, passphrase: { type: 'secret' } }, blocks: {} },
    'language.import.http': {
      attributes: {
        url: { type: 'string', required: true }, method: { type: 'string' }, headers: { type: 'map(string)' }, body: { type: 'string' },
        poll_frequency: { type: 'duration' }, poll_timeout: { type: 'duration' },
      },
      // The HTTP client block is the common one; its TypeId is the vendored catalogue's, unknown here: open.
      blocks: { client: { body: 'language.http.client' } },
    },
    'language.import.string': { attributes: { content: { type: 'optional_secret', required: true } }, blocks: {} },
  },
};

const names: ReadonlySet<string> = new Set(Object.keys(languageCatalogue.configBlocks));

export function isLanguageBlock(name: string): boolean {
  return names.has(name);
}

/** Blocks that name component types of their own: `declare "x"` makes `x`, `import.file "m"` makes `m.*`. */
export function isDeclaringBlock(name: string): boolean {
  return name === 'declare' || name.startsWith('import.');
}
