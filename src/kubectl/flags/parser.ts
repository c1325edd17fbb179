/**
 * A command line parser with spf13/pflag's behaviour, as kubectl's cobra commands use it:
 * `-n x`, `-nx`, `-n=x`, `--namespace x`, `--namespace=x`, combined short bools (`-wA`),
 * `--flag=false`, repeated flags (the last wins; lists accumulate), `--` ends the flags, and
 * flags anywhere among the arguments. Errors carry pflag's wording.
 */
import type { FlagSpec } from './spec';

export type FlagValue = string | boolean | number | string[];

export class FlagError extends Error {}

export interface ParsedFlags {
  /** Value of every known flag, set or default. */
  values: Map<string, FlagValue>;
  /** Names of the flags given on the command line. */
  changed: Set<string>;
  /** Positional arguments, in order. */
  args: string[];
  /** Arguments after `--`, also included in `args`. */
  dashArgs: string[];
}

function displayName(f: FlagSpec): string {
  return f.shorthand ? `-${f.shorthand}, --${f.name}` : `--${f.name}`;
}

/** Go's strconv.ParseBool. */
export function parseBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/** A comma-separated list as pflag's stringSlice reads it (CSV, so quotes group commas). */
export function readCsv(s: string): string[] {
  if (s === '') return [];
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur === '') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

export function defaultValue(f: FlagSpec): FlagValue {
  switch (f.type) {
    case 'bool':
      return f.defaultText === 'true';
    case 'int':
      return Number(f.defaultText);
    case 'stringSlice': {
      const inner = f.defaultText.slice(1, -1);
      return inner ? inner.split(',') : [];
    }
    default:
      return f.defaultText;
  }
}

export function parseFlags(argv: string[], specs: FlagSpec[]): ParsedFlags {
  const byName = new Map<string, FlagSpec>();
  const byShort = new Map<string, FlagSpec>();
  for (const f of specs) {
    if (!byName.has(f.name)) byName.set(f.name, f);
    if (f.shorthand && !byShort.has(f.shorthand)) byShort.set(f.shorthand, f);
  }
  const values = new Map<string, FlagValue>();
  for (const f of byName.values()) values.set(f.name, defaultValue(f));
  const changed = new Set<string>();
  const args: string[] = [];
  const dashArgs: string[] = [];

  const set = (f: FlagSpec, value: string): void => {
    let v: FlagValue;
    switch (f.type) {
      case 'bool': {
        const b = parseBool(value);
        if (b === undefined) {
          throw new FlagError(
            `invalid argument "${value}" for "${displayName(f)}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`,
          );
        }
        v = b;
        break;
      }
      case 'int': {
        if (!/^[+-]?\d+$/.test(value)) {
          throw new FlagError(
            `invalid argument "${value}" for "${displayName(f)}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`,
          );
        }
        v = Number(value);
        break;
      }
      case 'stringSlice': {
        const items = readCsv(value);
        v = changed.has(f.name) ? [...(values.get(f.name) as string[]), ...items] : items;
        break;
      }
      default:
        v = value;
    }
    values.set(f.name, v);
    changed.add(f.name);
  };

  let i = 0;
  while (i < argv.length) {
    const a = argv[i++];
    if (a === '--') {
      dashArgs.push(...argv.slice(i));
      args.push(...argv.slice(i));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      args.push(a);
      continue;
    }
    if (a.startsWith('--')) {
      const body = a.slice(2);
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      const f = byName.get(name);
      if (!f) throw new FlagError(`unknown flag: --${name}`);
      if (eq >= 0) set(f, body.slice(eq + 1));
      else if (f.type === 'bool') set(f, 'true');
      else if (i < argv.length) set(f, argv[i++]);
      else throw new FlagError(`flag needs an argument: ${a}`);
      continue;
    }
    let shorthands = a.slice(1);
    while (shorthands.length > 0) {
      const c = shorthands[0];
      const f = byShort.get(c);
      if (!f) throw new FlagError(`unknown shorthand flag: '${c}' in -${shorthands}`);
      if (shorthands.length > 2 && shorthands[1] === '=') {
        set(f, shorthands.slice(2));
        shorthands = '';
      } else if (f.type === 'bool') {
        set(f, 'true');
        shorthands = shorthands.slice(1);
      } else if (shorthands.length > 1) {
        set(f, shorthands.slice(1));
        shorthands = '';
      } else if (i < argv.length) {
        set(f, argv[i++]);
        shorthands = '';
      } else {
        throw new FlagError(`flag needs an argument: '${c}' in -${shorthands}`);
      }
    }
  }
  return { values, changed, args, dashArgs };
}

/** Typed reads of parsed flags. */
export class Flags {
  constructor(readonly parsed: ParsedFlags) {}
  str(name: string): string {
    const v = this.parsed.values.get(name);
    return typeof v === 'string' ? v : '';
  }
  bool(name: string): boolean {
    return this.parsed.values.get(name) === true;
  }
  int(name: string): number {
    const v = this.parsed.values.get(name);
    return typeof v === 'number' ? v : 0;
  }
  list(name: string): string[] {
    const v = this.parsed.values.get(name);
    return Array.isArray(v) ? v : [];
  }
  changed(name: string): boolean {
    return this.parsed.changed.has(name);
  }
  get args(): string[] {
    return this.parsed.args;
  }
}
