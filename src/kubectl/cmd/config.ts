/** `kubectl config`: view, current-context, get-contexts, set-context, use-context. */
import { cmdError, KubectlError } from '../errors';
import { HELP } from '../help/text';
import { contextNamespace, toV1 } from '../kubeconfig';
import { toJson } from '../printers/json';
import { tabwrite } from '../printers/tabwriter';
import { toYaml } from '../printers/yaml';
import type { CommandContext } from './context';

export const CONFIG_SUBCOMMANDS = [
  'current-context',
  'get-contexts',
  'set-context',
  'use-context',
  'use',
  'view',
];

export async function runConfig(sub: string | undefined, c: CommandContext): Promise<number> {
  const cfg = c.kubeconfig;
  switch (sub) {
    case undefined:
      c.out(HELP['config']);
      return 0;
    case 'view': {
      const output = c.flags.str('output') || 'yaml';
      const doc = toV1(cfg, c.flags.bool('minify'));
      if (output === 'json') c.out(toJson(doc, false));
      else if (output === 'yaml') c.out(toYaml(JSON.parse(JSON.stringify(doc))));
      else if (output === 'name') c.out('config\n');
      else throw unknownFormat(output);
      return 0;
    }
    case 'current-context':
      if (!cfg.currentContext) throw cmdError('current-context is not set');
      c.out(cfg.currentContext + '\n');
      return 0;
    case 'get-contexts': {
      const output = c.flags.str('output');
      if (output && output !== 'name') {
        throw cmdError(`output must be one of '' or 'name': ${output}`);
      }
      const names = Object.keys(cfg.contexts).sort();
      const wanted = c.args.length ? c.args : names;
      const missing = wanted.filter((n) => !cfg.contexts[n]);
      const shown = wanted.filter((n) => cfg.contexts[n]);
      if (output === 'name') c.out(shown.map((n) => n + '\n').join(''));
      else {
        let table = c.flags.bool('no-headers')
          ? ''
          : 'CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n';
        for (const n of shown) {
          const x = cfg.contexts[n];
          const cur = n === cfg.currentContext ? '*' : '';
          table += `${cur}\t${n}\t${x.cluster}\t${x.user}\t${x.namespace ?? ''}\n`;
        }
        c.out(tabwrite(table));
      }
      if (missing.length) throw cmdError(`context ${missing[0]} not found`);
      return 0;
    }
    case 'use':
    case 'use-context': {
      if (c.args.length !== 1) {
        c.out(HELP['config use-context']);
        throw cmdError(`Unexpected args: [${c.args.join(' ')}]`);
      }
      const name = c.args[0];
      if (!cfg.contexts[name]) throw cmdError(`no context exists with the name: "${name}"`);
      cfg.currentContext = name;
      c.out(`Switched to context "${name}".\n`);
      return 0;
    }
    case 'set-context': {
      const current = c.flags.bool('current');
      if (current && c.args.length > 0) {
        throw cmdError('you cannot specify both a context name and --current');
      }
      const name = current ? cfg.currentContext : c.args[0];
      if (!name) throw cmdError('you must specify a non-empty context name or --current');
      if (current && !cfg.contexts[name]) {
        throw cmdError('no current context is set');
      }
      const exists = !!cfg.contexts[name];
      const ctx = cfg.contexts[name] ?? { cluster: '', user: '' };
      if (c.flags.changed('cluster')) ctx.cluster = c.flags.str('cluster');
      if (c.flags.changed('user')) ctx.user = c.flags.str('user');
      if (c.flags.changed('namespace')) ctx.namespace = c.flags.str('namespace');
      cfg.contexts[name] = ctx;
      c.out(`Context "${name}" ${exists ? 'modified' : 'created'}.\n`);
      return 0;
    }
    default:
      throw new KubectlError(
        `error: unknown command "${sub}"\nSee 'kubectl config -h' for help and examples`,
      );
  }
}

function unknownFormat(output: string): KubectlError {
  return cmdError(
    `unable to match a printer suitable for the output format "${output}", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml`,
  );
}

export { contextNamespace };
