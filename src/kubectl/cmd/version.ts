/** `kubectl version`: the client's build and the server's /version. */
import { cmdError, statusError } from '../errors';
import { JSON_ACCEPT } from '../transport';
import { toYaml } from '../printers/yaml';
import type { CommandContext } from './context';

export const CLIENT_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0',
  gitCommit: '70d3cc986aa8221cd1dfb1121852688902d3bf53',
  gitTreeState: 'clean',
  buildDate: '2024-12-11T17:59:15Z',
  goVersion: 'go1.23.3',
  compiler: 'gc',
  platform: 'linux/amd64',
};
const KUSTOMIZE_VERSION = 'v5.5.0';

export async function runVersion(c: CommandContext): Promise<number> {
  const output = c.flags.str('output');
  if (output !== '' && output !== 'yaml' && output !== 'json') {
    throw cmdError("--output must be 'yaml' or 'json'");
  }
  if (c.args.length > 0) throw cmdError(`unexpected arguments: [${c.args.join(' ')}]`);
  const clientOnly = c.flags.bool('client');
  const doc: Record<string, unknown> = {
    clientVersion: CLIENT_VERSION,
    kustomizeVersion: KUSTOMIZE_VERSION,
  };
  let serverError: Error | undefined;
  if (!clientOnly) {
    const res = await c.transport.request({
      method: 'GET',
      path: '/version',
      headers: { accept: JSON_ACCEPT },
    });
    if (res.status >= 400) serverError = statusError(res.body, res.status);
    else doc.serverVersion = res.body;
  }
  if (output === 'json') c.out(JSON.stringify(doc, null, 2) + '\n');
  else if (output === 'yaml') c.out(toYaml(doc) + '\n');
  else {
    let text = `Client Version: ${CLIENT_VERSION.gitVersion}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`;
    const server = doc.serverVersion as { gitVersion?: string } | undefined;
    if (server) text += `Server Version: ${server.gitVersion}\n`;
    c.out(text);
  }
  if (serverError) throw serverError;
  return 0;
}
