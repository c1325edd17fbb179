/**
 * A Vite build plugin: `<link rel="modulepreload">` in index.html for the chunks main.tsx
 * imports dynamically at start (React and xterm in `renderApp`, the Worker client, the
 * supervisor, the settings). main.tsx imports them dynamically so that starting the Worker is
 * the page's first act, not evaluating 600 KB of React and xterm; without these links the
 * browser would only begin fetching and compiling them once main.tsx runs. With them it does so
 * while the HTML is parsed, at a low priority so the entry and the Worker's start come first,
 * and they are ready sooner (on a 2-core machine, the prompt showed about 80 ms earlier).
 */
import type { Plugin } from 'vite';

/** The modules main.tsx imports at start, by the end of their path. */
const START_MODULES = [
  'src/ui/renderApp.tsx',
  'src/ui/bridge/connect.ts',
  'src/ui/persist/WorkerSupervisor.ts',
  'src/ui/settings/appearance.ts',
  'src/ui/persist/offline.ts',
];

export function preloadStartChunks(modules: string[] = START_MODULES): Plugin {
  return {
    name: 'playground-preload-start-chunks',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return [];
        const wanted = new Set<string>();
        const add = (fileName: string) => {
          const chunk = bundle[fileName];
          if (wanted.has(fileName) || !chunk || chunk.type !== 'chunk') return;
          wanted.add(fileName);
          chunk.imports.forEach(add);
        };
        const found = new Set<string>();
        for (const chunk of Object.values(bundle)) {
          const id = chunk.type === 'chunk' ? chunk.facadeModuleId?.replace(/\\/g, '/') : '';
          const module = id ? modules.find((m) => id.endsWith(m)) : undefined;
          if (!module) continue;
          found.add(module);
          add(chunk.fileName);
        }
        const missing = modules.filter((m) => !found.has(m));
        if (missing.length) throw new Error(`start chunks not found for ${missing.join(', ')}`);
        // The entry's own static imports are preloaded by Vite already.
        return [...wanted]
          .filter((fileName) => !html.includes(`/${fileName}"`))
          .sort()
          .map((fileName) => ({
            tag: 'link',
            // Low: the entry and startWorker, fetched at the usual priority, go first.
            attrs: {
              rel: 'modulepreload',
              fetchpriority: 'low',
              crossorigin: true,
              href: `/${fileName}`,
            },
            injectTo: 'head' as const,
          }));
      },
    },
  };
}
