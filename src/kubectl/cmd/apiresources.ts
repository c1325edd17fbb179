/**
 * `kubectl api-resources`: the server's preferred resources, sorted by group then name (or by
 * name or kind), filtered by --namespaced, --api-group, --verbs and --categories.
 */
import type { ApiResource } from '../discovery';
import { groupVersion } from '../discovery';
import { cmdError, KubectlError } from '../errors';
import { tabwrite } from '../printers/tabwriter';
import type { CommandContext } from './context';

export async function runApiResources(c: CommandContext): Promise<number> {
  const f = c.flags;
  const output = f.str('output');
  if (output !== '' && output !== 'wide' && output !== 'name') {
    throw cmdError(`--output ${output} is not available`);
  }
  const sortBy = f.str('sort-by');
  if (sortBy !== '' && sortBy !== 'name' && sortBy !== 'kind') {
    throw cmdError('--sort-by accepts only name or kind');
  }
  if (c.args.length > 0) {
    throw new KubectlError(
      `error: unexpected arguments: [${c.args.join(' ')}]\nSee 'kubectl api-resources -h' for help and examples`,
    );
  }
  // Upstream asks the server afresh (without --cached).
  c.discovery.invalidate();
  const d = await c.discovery.get();
  const seen = new Set<string>();
  let list: ApiResource[] = [];
  for (const r of d.resources) {
    if (r.name.includes('/')) continue;
    const key = `${r.group}/${r.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    list.push(r);
  }
  const verbs = f.list('verbs');
  const categories = f.list('categories');
  if (f.changed('namespaced')) list = list.filter((r) => r.namespaced === f.bool('namespaced'));
  if (f.changed('api-group')) list = list.filter((r) => r.group === f.str('api-group'));
  if (verbs.length) list = list.filter((r) => verbs.every((v) => r.verbs.includes(v)));
  if (categories.length) {
    list = list.filter((r) => categories.every((x) => r.categories.includes(x)));
  }
  const key = (r: ApiResource) =>
    sortBy === 'name' ? r.name : sortBy === 'kind' ? r.kind : r.group;
  list = list
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const x = key(a.r);
      const y = key(b.r);
      if (x !== y) return x < y ? -1 : 1;
      if (a.r.name !== b.r.name) return a.r.name < b.r.name ? -1 : 1;
      return a.i - b.i;
    })
    .map((e) => e.r);
  if (output === 'name') {
    c.out(list.map((r) => (r.group ? `${r.name}.${r.group}` : r.name) + '\n').join(''));
    return 0;
  }
  const wide = output === 'wide';
  let text = '';
  if (!f.bool('no-headers')) {
    text +=
      'NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND' + (wide ? '\tVERBS\tCATEGORIES' : '') + '\n';
  }
  for (const r of list) {
    text += `${r.name}\t${r.shortNames.join(',')}\t${groupVersion(r)}\t${r.namespaced}\t${r.kind}`;
    if (wide) text += `\t${r.verbs.join(',')}\t${r.categories.join(',')}`;
    text += '\n';
  }
  c.out(tabwrite(text));
  return 0;
}
