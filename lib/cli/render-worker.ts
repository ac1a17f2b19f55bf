// The worker side of the render pool (render-pool.ts): a worker thread running the export's bundle renders the
// environment files it is sent, each from its compiled script with this thread's copy of the library, and
// sends back what the export keeps of it (environment-outcome.ts), or the bug that stopped it.
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import * as library from '../index.ts';
import { compiledLoader } from '../fast-start/compiled-environments.ts';
import { rememberTexts, type RememberedTexts } from '../export/yaml.ts';
import { outcomeOf, type Additions, type Tanka } from './environment-outcome.ts';
import { packOutcome, type PackedOutcome } from './packed-outcome.ts';
import { loadEnvironment } from './environments.ts';

/** What every render of the export shares, sent once. */
export interface RenderSetup {
  allowLists: Readonly<Record<string, string[]>>;
  tanka: boolean;
  additions: Additions;
  /** The yaml package's texts the export started with (lib/fast-start/yaml-texts.ts). */
  yamlTexts: RememberedTexts;
}

/** One environment file to render: `i` is its place in the export, `code` its compiled script. */
export interface RenderRequest { i: number; file: string; code: string }

/** What a worker is sent: the setup first, then the files. */
export type RenderMessage = { setup: RenderSetup } | { render: RenderRequest };

export type RenderReply = { i: number; outcome: PackedOutcome } | { i: number; bug: { message: string; stack?: string } };

/** The worker's entry, called by the bundle's launcher (lib/fast-start/bundle-worker.ts). */
export function serveRenders(): void {
  const port = parentPort;
  if (port === null) throw new Error('serveRenders runs in a worker thread');
  let setup: RenderSetup | undefined;
  let tanka: Promise<Tanka | undefined> = Promise.resolve(undefined);
  port.on('message', async (message: RenderMessage) => {
    if ('setup' in message) {
      setup = message.setup;
      rememberTexts(setup.yamlTexts);
      if (setup.tanka) tanka = import('../export/tanka.ts');
      return;
    }
    const { i, file, code } = message.render;
    let reply: RenderReply;
    let transfer: ArrayBuffer[] = [];
    try {
      if (setup === undefined) throw new Error('a render before the setup');
      const load = compiledLoader(path.resolve(file), code, library);
      const loaded = await loadEnvironment(file, load).then((spec) => ({ spec }), (error: unknown) => ({ error }));
      const packed = packOutcome(outcomeOf(file, loaded, setup.allowLists, await tanka, setup.additions));
      reply = { i, outcome: packed.packed };
      transfer = packed.transfer;
    } catch (error) {
      // A bug, not a problem of the file (outcomeOf returns those): the export fails with its stack.
      const e = error instanceof Error ? error : new Error(String(error));
      reply = { i, bug: { message: e.message, stack: e.stack } };
    }
    port.postMessage(reply, transfer);
  });
}
