/**
 * `kubectl edit` (k8s.io/kubectl/pkg/cmd/util/editor): the objects as YAML under kubectl's
 * comment header, opened through the caller's editor; the change goes back as a strategic merge
 * patch (a JSON merge patch for kinds without a schema).
 */
import { parse, parseDocument } from 'yaml';
import { schemaFor } from '../../cluster/api/schema';
import { cmdError, KubectlError, statusError } from '../errors';
import { goYamlError } from '../goYamlError';
import { ObjectPrinter } from '../printers/object';
import { toYaml } from '../printers/yaml';
import { Api, objectRef } from '../resource/objects';
import type { Obj } from '../resource/objects';
import type { CommandContext } from './context';
import type { MutateIO } from './mutate';
import { copyOf, twoWayPatch } from './podTemplate';
import { resolveTargets } from './targets';

const HEADER =
  "# Please edit the object below. Lines beginning with a '#' will be ignored,\n# and an empty file will abort the edit. If an error occurs while saving this file will be\n# reopened with the relevant failures.\n#\n";

/** Why the file is reopened: a head line and its causes (editoptions.go's editReason). */
interface EditReason {
  head: string;
  other: string[];
}

/** The header with the failures of the last save under it (editHeader.writeTo). */
function header(reasons: EditReason[]): string {
  let h = HEADER;
  for (const r of reasons) {
    h += `# ${hashOnLineBreak(r.head)}${r.other.length ? ':' : ''}\n`;
    for (const o of r.other) h += `# * ${hashOnLineBreak(o)}\n`;
    h += '#\n';
  }
  return h;
}

/** Keeps a multi-line message a comment: `# ` after each line break. */
function hashOnLineBreak(s: string): string {
  return s.replace(/\n(?=[^#])/g, '\n# ');
}

/** The text without its comment lines (cmdutil.ManualStrip; `#!` lines stay). */
function withoutComments(text: string): string {
  return text
    .split('\n')
    .filter((l) => !(l.trimStart().startsWith('#') && !l.trimStart().startsWith('#!')))
    .join('\n');
}

/** What kubectl compares to see whether the file changed: the data when it parses (so layout
 *  alone is no change), else the text without comments (cmdutil.StripComments). */
function stripComments(text: string): string {
  const body = withoutComments(text);
  try {
    return canonical(parse(body, { version: '1.1' }));
  } catch {
    return body;
  }
}

/** JSON with the keys of every object sorted, as Go's encoding/json writes a map. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );
}

/** go-yaml's wording of a parse error, with its line in the text without comments. */
function yamlError(text: string): string | undefined {
  const body = withoutComments(text);
  return goYamlError(body, parseDocument(body, { version: '1.1', uniqueKeys: false }).errors);
}

interface StatusCause {
  field?: string;
  message?: string;
}

export async function runEdit(c: CommandContext, io: MutateIO): Promise<number> {
  const f = c.flags;
  const o = f.str('output');
  if (o && o !== 'yaml' && o !== 'json')
    throw cmdError(
      `unable to match a printer suitable for the output format "${o}", allowed formats are: json,yaml`,
    );
  if (c.args.length === 0 && f.list('filename').length === 0)
    throw new KubectlError(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  const t = await resolveTargets(c, io, c.args, { fetch: true, allowEmptySelector: true });
  if (t.errors.length) throw new KubectlError(t.errors.join('\n'));
  const api = new Api(c.transport);
  const printer = new ObjectPrinter(
    c.out,
    o === 'yaml' || o === 'json' ? { kind: o } : { kind: 'none' },
    'none',
  );
  /** Where the learner's text is kept when the edit stops on a failure (preservedFile). */
  const keep = (text: string) => {
    const path = io.keepEdit?.(text);
    if (path) c.err(`A copy of your changes has been stored to "${path}"\n`);
    return path;
  };
  const nameOf = (info: (typeof t.infos)[number]) => {
    const group = info.resource.group;
    return info.resource.name + (group ? `.${group}` : '');
  };
  const originals = t.infos.map((info) => {
    const original = copyOf(info.object);
    if (original.metadata && !f.bool('show-managed-fields'))
      delete (original.metadata as Obj).managedFields;
    return { info, original };
  });
  if (originals.length === 0) throw cmdError('edit cancelled, no objects found');
  if (!io.edit) throw cmdError('there was a problem with the editor "vi"');
  // Several objects are edited together in one file, as a v1 List (editoptions.go: "we need to
  // edit a list for convenience").
  const originalText =
    HEADER +
    toYaml(
      originals.length === 1
        ? originals[0].original
        : { apiVersion: 'v1', items: originals.map((x) => x.original), kind: 'List', metadata: {} },
    );
  const first = originals[0].info;
  // Like editoptions.go's loop: a save the server (or the YAML parser) rejects reopens the
  // file with the failures as comments at the top; the same text saved again gives up.
  let reasons: EditReason[] = [];
  let containsError = false;
  let edited = '';
  for (;;) {
    const text = containsError ? header(reasons) + withoutComments(edited) : originalText;
    const previous = edited;
    // Closing the page's editor without saving leaves the file as it was.
    edited = (await io.edit(text)) ?? (containsError ? text : originalText);
    if (containsError && stripComments(previous) === stripComments(edited)) {
      keep(edited);
      throw cmdError('Edit cancelled, no valid changes were saved.');
    }
    const bad = yamlError(edited);
    if (bad) {
      reasons = [
        {
          head: `${nameOf(first)} "${first.name}" was not valid`,
          other: [`<nil>: Invalid value: "The edited file failed validation": ${bad}`],
        },
      ];
      containsError = true;
      c.err(`error: ${nameOf(first)} "${first.name}" is invalid\n`);
      continue;
    }
    if (stripComments(originalText) === stripComments(edited)) {
      c.err('Edit cancelled, no changes made.\n');
      return 0;
    }
    if (withoutComments(edited).trim() === '') {
      c.err('Edit cancelled, saved file was empty.\n');
      return 0;
    }
    const parsed = parse(withoutComments(edited), { version: '1.1' }) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      reasons = [
        {
          head: 'The edited file had a syntax error: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal string into Go value of type map[string]interface {}',
          other: [],
        },
      ];
      containsError = true;
      continue;
    }
    const p = parsed as Obj;
    const items =
      typeof p.kind === 'string' && p.kind.endsWith('List') && Array.isArray(p.items)
        ? (p.items as Obj[])
        : [p];
    // visitToPatch: each edited item is patched against the original with its uid; failures
    // are gathered, and the invalid ones reopen the whole file.
    reasons = [];
    let retryable = 0;
    let notFound = 0;
    for (const obj of items) {
      const uid = (obj.metadata as Obj | undefined)?.uid;
      const match = originals.find((x) => (x.original.metadata as Obj | undefined)?.uid === uid);
      if (!match) {
        keep(edited);
        throw cmdError(`no original object found for ${JSON.stringify(obj)}`);
      }
      const { info, original } = match;
      const resourceString = nameOf(info);
      const schema = schemaFor(String(original.apiVersion ?? ''), String(original.kind ?? ''));
      const patch = schema ? twoWayPatch(original, obj) : mergePatch(original, obj);
      if (canonical(obj) === canonical(original) || Object.keys(patch).length === 0) {
        printer.print(objectRef(info), 'skipped', original);
        continue;
      }
      const res = await api.patch(
        info.resource,
        info.namespace,
        info.name,
        patch,
        schema ? 'application/strategic-merge-patch+json' : 'application/merge-patch+json',
        { fieldManager: f.str('field-manager') || 'kubectl-edit', fieldValidation: 'Strict' },
      );
      if (res.status < 400) {
        printer.print(objectRef(info), 'edited', res.body);
        continue;
      }
      const status = (res.body ?? {}) as {
        reason?: string;
        message?: string;
        details?: { causes?: StatusCause[] };
      };
      if (status.reason === 'Invalid') {
        reasons.push({
          head: `${resourceString} "${info.name}" was not valid`,
          other: (status.details?.causes ?? []).map((x) => `${x.field ?? ''}: ${x.message ?? ''}`),
        });
        c.err(`error: ${resourceString} "${info.name}" is invalid\n`);
      } else if (status.reason === 'NotFound') {
        notFound++;
        c.err(`error: ${resourceString} "${info.name}" could not be found on the server\n`);
      } else {
        retryable++;
        const message = statusError(res.body, res.status).message.replace(
          /^Error from server( \([^)]*\))?: /,
          '',
        );
        c.err(`error: ${resourceString} "${info.name}" could not be patched: ${message}\n`);
      }
    }
    if (retryable > 0) {
      const path = io.keepEdit?.(edited);
      if (path) c.err(`You can run \`kubectl replace -f ${path}\` to try this update again.\n`);
      return 1;
    }
    if (notFound > 0) {
      const path = io.keepEdit?.(edited);
      if (path) c.err(`The edits you made on deleted resources have been saved to "${path}"\n`);
      return 1;
    }
    if (reasons.length === 0) return 0;
    containsError = true;
  }
}

/** A JSON merge patch from `a` to `b`. */
function mergePatch(a: Obj, b: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(b)) {
    const av = a[k];
    if (
      av &&
      v &&
      typeof av === 'object' &&
      typeof v === 'object' &&
      !Array.isArray(av) &&
      !Array.isArray(v)
    ) {
      const p = mergePatch(av as Obj, v as Obj);
      if (Object.keys(p).length) out[k] = p;
    } else if (JSON.stringify(av) !== JSON.stringify(v)) out[k] = v;
  }
  for (const k of Object.keys(a)) if (!(k in b)) out[k] = null;
  return out;
}
