/**
 * Dispatch of the mutating commands (create, apply, delete, label, annotate, scale, patch,
 * run and their subcommands): the command path from the words of the command line, then the
 * command's file.
 */
import { KubectlError } from '../errors';
import { MUTATE_HELP } from '../help/mutate';
import type { KubectlFiles } from '../manifest';
import { runApply } from './apply';
import type { CommandContext } from './context';
import { runCreate } from './create';
import { runDelete } from './delete';
import { runLabel } from './label';
import { runPatch } from './patch';
import { runRun } from './run';
import { runScale } from './scale';
import { runUpdate, UPDATE_COMMANDS } from './update';

/** What the mutating commands need from their caller beyond the context. */
export interface MutateIO {
  fs?: KubectlFiles;
  stdin?: string;
  /** Opens an editor on the text; the edited text, or undefined when the edit was cancelled. */
  edit?: (text: string) => Promise<string | undefined>;
  /** Stores the text of an edit that could not be saved; the file's path. */
  keepEdit?: (text: string) => string | undefined;
  help(path: string): string;
}

export const MUTATE_COMMANDS = [
  'create',
  'apply',
  'delete',
  'label',
  'annotate',
  'scale',
  'patch',
  'run',
  ...UPDATE_COMMANDS,
];

const ALIASES: Record<string, string> = {
  cm: 'configmap',
  ns: 'namespace',
  deploy: 'deployment',
  svc: 'service',
  sa: 'serviceaccount',
  pdb: 'poddisruptionbudget',
  pc: 'priorityclass',
  cj: 'cronjob',
  ing: 'ingress',
  resourcequota: 'quota',
};

/** The longest command path (as MUTATE_HELP keys it) the words spell, aliases resolved. */
export function mutatePath(words: string[]): string {
  let path = words[0];
  for (const w of words.slice(1)) {
    const next = `${path} ${ALIASES[w] ?? w}`;
    if (MUTATE_HELP[next] === undefined) break;
    path = next;
  }
  return path;
}

/** The path's words as the user typed them, to take out of the positional arguments. */
export function typedPathWords(words: string[], path: string): string[] {
  return words.slice(0, path.split(' ').length);
}

export async function runMutate(path: string, c: CommandContext, io: MutateIO): Promise<number> {
  const command = path.split(' ')[0];
  switch (command) {
    case 'create':
      return runCreate(path, c, io);
    case 'apply':
      return runApply(c, io);
    case 'delete':
      return runDelete(c, io);
    case 'label':
    case 'annotate':
      return runLabel(command, c, io);
    case 'scale':
      return runScale(c, io);
    case 'patch':
      return runPatch(c, io);
    case 'run':
      return runRun(c, io);
  }
  if (UPDATE_COMMANDS.includes(command)) return runUpdate(path, c, io);
  throw new KubectlError(`error: "kubectl ${path}" is not available in this playground yet`);
}
