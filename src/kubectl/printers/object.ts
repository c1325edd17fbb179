/**
 * How the mutating commands print what they did (genericclioptions.PrintFlags): with `-o`, the
 * object in that format; without, kubectl's "<kind>/<name> <operation>" line, with " (dry run)"
 * or " (server dry run)" added under --dry-run.
 */
import { cmdError } from '../errors';
import type { Flags } from '../flags/parser';
import { toJson } from './json';
import { executeTemplate, JsonPathError, parseTemplate } from './jsonpath';
import type { JsonPathTemplate } from './jsonpath';
import { toYaml } from './yaml';

export type DryRun = 'none' | 'client' | 'server';

/** --dry-run as cmdutil.GetDryRunStrategy reads it. */
export function dryRunOf(f: Flags): DryRun {
  const v = f.str('dry-run');
  switch (v) {
    case '':
    case 'none':
    case 'false':
      return 'none';
    case 'client':
    case 'true':
      return 'client';
    case 'server':
      return 'server';
    default:
      throw cmdError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
  }
}

export type ObjectOutput =
  | { kind: 'none' }
  | { kind: 'yaml' | 'json' | 'name' }
  | { kind: 'jsonpath'; tpl: JsonPathTemplate };

const FORMATS =
  'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';

function parseJsonPath(text: string): JsonPathTemplate {
  try {
    return parseTemplate(text);
  } catch (e) {
    if (e instanceof JsonPathError) throw cmdError(`error parsing jsonpath ${text}, ${e.message}`);
    throw e;
  }
}

/** `-o` of a mutating command; `allowed` narrows the formats (e.g. only name for some). */
export function objectOutputOf(
  f: Flags,
  readFile?: (path: string) => string | undefined,
): ObjectOutput {
  const o = f.str('output');
  if (o === '') return { kind: 'none' };
  if (o === 'yaml' || o === 'json' || o === 'name') return { kind: o };
  const eq = o.indexOf('=');
  const name = eq >= 0 ? o.slice(0, eq) : o;
  const arg = eq >= 0 ? o.slice(eq + 1) : f.str('template');
  if (name === 'jsonpath') {
    if (arg === '') throw cmdError('template format specified but no template given');
    return { kind: 'jsonpath', tpl: parseJsonPath(arg) };
  }
  if (name === 'jsonpath-file') {
    const text = readFile?.(arg);
    if (text === undefined)
      throw cmdError(`error reading --template ${arg}, open ${arg}: no such file or directory`);
    return { kind: 'jsonpath', tpl: parseJsonPath(text) };
  }
  throw cmdError(
    `unable to match a printer suitable for the output format "${o}", allowed formats are: ${FORMATS}`,
  );
}

/** The suffix kubectl adds to the operation under --dry-run. */
export function dryRunSuffix(d: DryRun): string {
  return d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '';
}

/**
 * Prints objects one by one as kubectl's printers do: the "ref operation" line, or the object
 * in the `-o` format (YAML documents after the first are preceded by "---").
 * `sortKeys` is false for objects kubectl holds as typed structs (generators), whose JSON
 * follows the Go field order the object was built in.
 */
export class ObjectPrinter {
  private count = 0;
  constructor(
    private readonly out: (t: string) => void,
    readonly output: ObjectOutput,
    readonly dryRun: DryRun,
  ) {}

  print(ref: string, operation: string, obj: unknown, sortKeys = true): void {
    const out = this.out;
    this.count++;
    switch (this.output.kind) {
      case 'none':
        out(`${ref} ${operation}${dryRunSuffix(this.dryRun)}\n`);
        return;
      case 'name':
        out(`${ref}\n`);
        return;
      case 'yaml':
        out((this.count > 1 ? '---\n' : '') + toYaml(obj));
        return;
      case 'json':
        out(toJson(obj, sortKeys));
        return;
      case 'jsonpath':
        try {
          out(executeTemplate(this.output.tpl, obj));
        } catch (e) {
          if (e instanceof JsonPathError) {
            throw cmdError(
              `error executing jsonpath ${JSON.stringify(this.output.tpl.source)}: ${e.message}`,
            );
          }
          throw e;
        }
    }
  }
}
