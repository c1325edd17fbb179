import { describe, expect, it } from 'vitest';
import type { IndexHtmlTransformContext } from 'vite';
import { preloadStartChunks } from './preloadPlugin';

type Handler = (html: string, ctx: IndexHtmlTransformContext) => unknown;

function chunk(fileName: string, facadeModuleId: string | null, imports: string[] = []) {
  return { type: 'chunk', fileName, facadeModuleId, imports };
}

const bundle = Object.fromEntries(
  [
    chunk('assets/index-1.js', '/repo/src/ui/main.tsx', ['assets/startWorker-1.js']),
    chunk('assets/startWorker-1.js', '/repo/src/ui/bridge/startWorker.ts'),
    chunk('assets/renderApp-1.js', '/repo/src/ui/renderApp.tsx', ['assets/react-1.js']),
    chunk('assets/react-1.js', null),
    chunk('assets/connect-1.js', '/repo/src/ui/bridge/connect.ts', ['assets/react-1.js']),
    chunk('assets/DiagramView-1.js', '/repo/src/ui/diagram/DiagramView.tsx', ['assets/react-1.js']),
  ].map((c) => [c.fileName, c]),
);

function run(modules: string[], html = '') {
  const hook = preloadStartChunks(modules).transformIndexHtml as { handler: Handler };
  return hook.handler(html, { bundle } as unknown as IndexHtmlTransformContext) as {
    attrs: Record<string, unknown>;
  }[];
}

describe('preloadStartChunks', () => {
  it('preloads the start chunks and what they import, not the later ones', () => {
    const tags = run(['src/ui/renderApp.tsx', 'src/ui/bridge/connect.ts']);
    expect(tags.map((t) => t.attrs.href)).toEqual([
      '/assets/connect-1.js',
      '/assets/react-1.js',
      '/assets/renderApp-1.js',
    ]);
    expect(
      tags.every((t) => t.attrs.rel === 'modulepreload' && t.attrs.fetchpriority === 'low'),
    ).toBe(true);
  });

  it('skips what the HTML preloads already', () => {
    const html = '<link rel="modulepreload" crossorigin href="/assets/react-1.js">';
    expect(run(['src/ui/renderApp.tsx'], html).map((t) => t.attrs.href)).toEqual([
      '/assets/renderApp-1.js',
    ]);
  });

  it('fails the build when a start module has no chunk (renamed or moved)', () => {
    expect(() => run(['src/ui/renderApp.tsx', 'src/ui/gone.ts'])).toThrow(/start chunks/);
  });
});
