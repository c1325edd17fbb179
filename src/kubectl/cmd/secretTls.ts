/**
 * `kubectl create secret tls` (k8s.io/kubectl/pkg/cmd/create/create_secret_tls.go): a
 * kubernetes.io/tls Secret from a PEM certificate and key file.
 */
import { cmdError } from '../errors';
import type { KubectlFiles } from '../manifest';
import type { CommandContext } from './context';
import type { Generated } from './generators';
import { meta } from './generators';

function base64(s: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(s)) bin += String.fromCharCode(b);
  return btoa(bin);
}

function readPem(fs: KubectlFiles | undefined, path: string): string {
  const text = fs?.readFile(path);
  if (text === undefined)
    throw cmdError(`Cannot read file ${path}, open ${path}: no such file or directory`);
  return text;
}

export function secretTls(c: CommandContext, name: string, fs?: KubectlFiles): Generated {
  const f = c.flags;
  const certPath = f.str('cert');
  const keyPath = f.str('key');
  if (!certPath || !keyPath) throw cmdError('key and cert must be specified');
  const cert = readPem(fs, certPath);
  const key = readPem(fs, keyPath);
  // tls.X509KeyPair's first checks: each file must hold a PEM block of its kind.
  if (!/-----BEGIN [A-Z ]*CERTIFICATE-----/.test(cert))
    throw cmdError('tls: failed to find any PEM data in certificate input');
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key))
    throw cmdError('tls: failed to find any PEM data in key input');
  return {
    what: 'secret',
    object: {
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: meta(name, c),
      data: { 'tls.crt': base64(cert), 'tls.key': base64(key) },
      type: 'kubernetes.io/tls',
    },
  };
}
