/**
 * Monaco, set up once for the playground: the slim editor entry with only the features the
 * editor uses, the YAML language, and monaco-yaml validating against the cluster's schema. Both
 * workers are bundled (the page's CSP allows no eval and no other origin), and this module is
 * only reached through the lazily loaded editor, so none of it is on the terminal's critical path.
 */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/caretOperations/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/codeAction/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/format/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/features/toggleTabFocusMode/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/languages/definitions/yaml/register';
// The suggest widget itself is no "feature" of 0.57's slim entry (only the full editor.main
// imports it); without it completion never shows.
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import { configureMonacoYaml } from 'monaco-yaml';
import type { MonacoYaml } from 'monaco-yaml';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import YamlWorker from './yaml.worker.ts?worker';

export { monaco };

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(moduleId: string, label: string): Worker };
  }
}

window.MonacoEnvironment = {
  getWorker: (_moduleId, label) => (label === 'yaml' ? new YamlWorker() : new EditorWorker()),
};

type CreateWebWorker = typeof monaco.editor.createWebWorker;
type WebWorkerOptions = Parameters<CreateWebWorker>[0] & {
  moduleId?: string;
  label?: string;
  createData?: unknown;
};

/**
 * monaco 0.55+ wants a ready worker and no longer sends `createData`; monaco-yaml 5.5 still
 * passes `moduleId`/`label`/`createData`. Start the worker ourselves and hand it its options the
 * way the older editor did (an "init" message, then the data), else every request fails with
 * "Missing requestHandler or method".
 */
const createWebWorker = ((opts: WebWorkerOptions) => {
  if (opts.worker) return monaco.editor.createWebWorker(opts);
  const worker = window.MonacoEnvironment!.getWorker(opts.moduleId ?? '', opts.label ?? '');
  worker.postMessage('init');
  worker.postMessage(opts.createData);
  return monaco.editor.createWebWorker({ ...opts, worker });
}) as CreateWebWorker;

/**
 * yaml-language-server reports schema violations as warnings; the API server rejects them
 * (strict field validation, types, enums), so the editor shows them as errors.
 */
const setModelMarkers: typeof monaco.editor.setModelMarkers = (model, owner, markers) =>
  monaco.editor.setModelMarkers(
    model,
    owner,
    markers.map((m) =>
      m.severity === monaco.MarkerSeverity.Warning
        ? { ...m, severity: monaco.MarkerSeverity.Error }
        : m,
    ),
  );

/** The schema file name monaco-yaml matches every YAML model against. */
const SCHEMA_URI = 'playground://schemas/kubernetes.json';

let yaml: MonacoYaml | undefined;

/** Starts monaco-yaml (once); the schema comes later, from the cluster. */
export function startYaml(): void {
  yaml ??= configureMonacoYaml(
    { ...monaco, editor: { ...monaco.editor, createWebWorker, setModelMarkers } } as typeof monaco,
    {
      enableSchemaRequest: false,
      hover: true,
      completion: true,
      validate: true,
      schemas: [],
    },
  );
}

/** Validates every YAML file against `schema` (the cluster's kinds, see editor.schema). */
export function setSchema(schema: object): void {
  startYaml();
  void yaml!.update({
    schemas: [{ uri: SCHEMA_URI, fileMatch: ['*'], schema: schema as never }],
  });
}
