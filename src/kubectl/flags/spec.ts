/**
 * Flag definitions read from kubectl's own help text: each `    -o, --output='':` line gives a
 * flag's name, shorthand and default, and the default's form gives its type (`false` a bool,
 * `[]` a list, a number an int, anything else a string), as pflag prints them.
 */
import { HELP } from '../help/text';

export type FlagType = 'bool' | 'string' | 'int' | 'stringSlice';

export interface FlagSpec {
  name: string;
  shorthand?: string;
  type: FlagType;
  /** The default as the help text prints it, unquoted. */
  defaultText: string;
}

const FLAG_LINE = /^ {4}(?:-(\S), )?--([\w-]+)=(.*):$/;

const cache = new Map<string, FlagSpec[]>();

function typeOf(def: string): FlagType {
  if (def === 'true' || def === 'false') return 'bool';
  if (def.startsWith('[')) return 'stringSlice';
  if (/^-?\d+$/.test(def)) return 'int';
  return 'string';
}

/** The flags a command's help text lists ("" is the root; "options" the global flags). */
export function flagsOf(command: string): FlagSpec[] {
  const hit = cache.get(command);
  if (hit) return hit;
  const text = HELP[command] ?? '';
  const specs: FlagSpec[] = [];
  for (const line of text.split('\n')) {
    const m = FLAG_LINE.exec(line);
    if (!m) continue;
    const raw = m[3];
    const quoted = raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2;
    specs.push({
      name: m[2],
      shorthand: m[1],
      type: quoted ? 'string' : typeOf(raw),
      defaultText: quoted ? raw.slice(1, -1) : raw,
    });
  }
  cache.set(command, specs);
  return specs;
}

export const globalFlags = (): FlagSpec[] => flagsOf('options');
