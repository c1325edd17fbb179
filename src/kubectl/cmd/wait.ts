/**
 * `kubectl wait` (k8s.io/kubectl/pkg/cmd/wait): until each object has a condition
 * (`--for=condition=Ready[=true]`), a JSONPath value (`--for=jsonpath='{.status.phase}'=Running`),
 * or is deleted (`--for=delete`), polling the objects within --timeout.
 */
import { cmdError, KubectlError, statusError } from '../errors';
import { executeTemplate, parseTemplate } from '../printers/jsonpath';
import { kindPrefix } from '../resource/mapper';
import { Api } from '../resource/objects';
import type { Info, Obj } from '../resource/objects';
import type { CommandContext } from './context';
import { durationFlag } from './duration';
import { resolveTargets } from './targets';

type Condition =
  | { kind: 'delete' }
  | { kind: 'create' }
  | { kind: 'condition'; type: string; status: string }
  | { kind: 'jsonpath'; template: string; value?: string };

const NO_ARGS = `error: You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

function parseFor(text: string): Condition {
  const lower = text.toLowerCase();
  if (lower === 'delete') return { kind: 'delete' };
  if (lower === 'create') return { kind: 'create' };
  if (lower.startsWith('condition=')) {
    const rest = text.slice('condition='.length);
    const eq = rest.indexOf('=');
    if (eq < 0) return { kind: 'condition', type: rest, status: 'true' };
    return { kind: 'condition', type: rest.slice(0, eq), status: rest.slice(eq + 1) };
  }
  if (lower.startsWith('jsonpath=')) {
    const rest = text.slice('jsonpath='.length);
    const close = rest.lastIndexOf('}');
    const eq = rest.indexOf('=', close + 1);
    const expr = eq < 0 ? rest : rest.slice(0, eq);
    if (!expr) throw cmdError('jsonpath expression cannot be empty');
    const template = expr.startsWith('{') ? expr : `{${expr}}`;
    try {
      parseTemplate(template);
    } catch (e) {
      throw cmdError((e as Error).message);
    }
    return { kind: 'jsonpath', template, value: eq < 0 ? undefined : rest.slice(eq + 1) };
  }
  throw cmdError(`unrecognized condition: "${text}"`);
}

function met(cond: Condition, obj: Obj): boolean {
  if (cond.kind === 'create') return true;
  if (cond.kind === 'condition') {
    const conds = ((obj.status as { conditions?: { type: string; status: string }[] })
      ?.conditions ?? []) as { type: string; status: string }[];
    return conds.some(
      (x) =>
        x.type.toLowerCase() === cond.type.toLowerCase() &&
        x.status.toLowerCase() === cond.status.toLowerCase(),
    );
  }
  if (cond.kind === 'jsonpath') {
    let out: string;
    try {
      out = executeTemplate(parseTemplate(cond.template), obj);
    } catch {
      return false;
    }
    return cond.value === undefined ? out !== '' : out === cond.value;
  }
  return false;
}

export async function runWait(
  c: CommandContext,
  sleep: (ms: number) => Promise<void>,
): Promise<number> {
  const f = c.flags;
  const timeoutMs = durationFlag(f.str('timeout') || '30s', 'timeout', 'wait');
  const cond = parseFor(f.str('for'));
  if (c.args.length === 0 && f.list('filename').length === 0) throw new KubectlError(NO_ARGS);
  const t = await resolveTargets(c, { help: () => '' }, c.args, {
    fetch: true,
    ignoreNotFound: cond.kind === 'delete',
  });
  if (t.errors.length) throw new KubectlError(t.errors[0]);
  if (t.infos.length === 0) {
    if (cond.kind === 'delete') return 0;
    throw cmdError('no matching resources found');
  }
  const api = new Api(c.transport);
  let elapsed = 0;
  for (const info of t.infos) {
    for (;;) {
      const res = await api.get(info.resource, info.namespace, info.name);
      if (cond.kind === 'delete') {
        const gone =
          res.status === 404 ||
          (res.status < 400 &&
            (res.body as { metadata?: { uid?: string } }).metadata?.uid !==
              (info.object.metadata as { uid?: string } | undefined)?.uid);
        if (gone) {
          c.out(`${kindPrefix(info.resource)}/${info.name} condition met\n`);
          break;
        }
      } else {
        if (res.status >= 400) throw statusError(res.body, res.status);
        if (met(cond, res.body as Obj)) {
          c.out(`${kindPrefix(info.resource)}/${info.name} condition met\n`);
          break;
        }
      }
      if (elapsed >= timeoutMs || c.signal?.aborted) throw timedOut(info);
      const step = Math.min(1000, timeoutMs - elapsed);
      await sleep(step);
      elapsed += step;
    }
  }
  return 0;
}

function timedOut(info: Info): KubectlError {
  return cmdError(`timed out waiting for the condition on ${info.resource.name}/${info.name}`);
}
