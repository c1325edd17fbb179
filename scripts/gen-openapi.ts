/**
 * Generates src/cluster/api/schema/generated/definitions.json (and descriptions.json, the same
 * schemas' descriptions kept apart: see src/cluster/api/schema/descriptions.ts): the OpenAPI v3 component schemas
 * of every kind the API server serves, named and shaped as Kubernetes v1.32's `/openapi/v3`
 * documents name and shape them ("io.k8s.api.core.v1.PodSpec", `allOf: [{$ref}]` beside a
 * description, `format: int32`, `x-kubernetes-patch-strategy`, ...).
 *
 * Source: the declarations and doc comments of `kubernetes-types`, read with the TypeScript
 * compiler API, plus src/cluster/api/schema/patch-meta.ts for what those lack.
 *
 *   npm run gen:openapi
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { BUILTIN_TYPES } from '../src/cluster/api/registry';
import {
  PATCH_META,
  ATOMIC_STRUCTS,
  INT64_FIELDS,
  DOUBLE_FIELDS,
  EXTRA_FIELDS,
} from '../src/cluster/api/schema/patch-meta';
import { mergeDescriptions, splitDescriptions } from '../src/cluster/api/schema/descriptions';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const typesDir = join(root, 'node_modules/kubernetes-types');
const outFile = join(root, 'src/cluster/api/schema/generated/definitions.json');
const descriptionsFile = join(root, 'src/cluster/api/schema/generated/descriptions.json');

type Schema = Record<string, unknown>;

const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/** kubernetes-types module path ("core/v1", "meta/v1", "runtime") to Go package prefix. */
function packageOf(module: string): string {
  if (module === 'meta/v1') return 'io.k8s.apimachinery.pkg.apis.meta.v1';
  if (module === 'runtime') return 'io.k8s.apimachinery.pkg.runtime';
  if (module === 'api/resource') return 'io.k8s.apimachinery.pkg.api.resource';
  if (module === 'version') return 'io.k8s.apimachinery.pkg.version';
  if (module.startsWith('apiextensions/'))
    return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${module.split('/')[1]}`;
  return `io.k8s.api.${module.replace('/', '.')}`;
}

/** Module of a group-version: "" v1 is core/v1, "apps" v1 is apps/v1, "x.k8s.io" is x/... */
function moduleOfGroup(group: string, version: string): string {
  return `${group === '' ? 'core' : group.split('.')[0]}/${version}`;
}

interface Decl {
  module: string;
  node: ts.InterfaceDeclaration | ts.TypeAliasDeclaration;
  imports: Map<string, string>;
  description: string;
}

const sources = new Map<string, ts.SourceFile>();
const decls = new Map<string, Decl>(); // by definition name

function loadModule(module: string): void {
  if (sources.has(module)) return;
  const file = join(typesDir, `${module}.d.ts`);
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  sources.set(module, sf);
  const imports = new Map<string, string>();
  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const from = join(dirname(module), st.moduleSpecifier.text).replace(/\\/g, '/');
      const named = st.importClause?.namedBindings;
      if (named && ts.isNamedImports(named))
        for (const el of named.elements) imports.set(el.name.text, from);
    }
  }
  for (const st of sf.statements) {
    if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) {
      decls.set(`${packageOf(module)}.${st.name.text}`, {
        module,
        node: st,
        imports,
        description: docOf(st),
      });
    }
  }
}

/** A node's JSDoc text as upstream's description: comment markers stripped, lines kept. */
function docOf(node: ts.Node): string {
  const sf = node.getSourceFile();
  const ranges = ts.getLeadingCommentRanges(sf.text, node.getFullStart()) ?? [];
  const doc = ranges.filter((r) => sf.text.slice(r.pos, r.pos + 3) === '/**').pop();
  if (!doc) return '';
  const raw = sf.text.slice(doc.pos + 3, doc.end - 2);
  return raw
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .replace(/^\s+|\s+$/g, '')
    .replace(/\*\\\//g, '*/');
}

function refName(decl: Decl, typeName: string): string {
  const mod = decl.imports.get(typeName) ?? decl.module;
  loadModule(mod);
  return `${packageOf(mod)}.${typeName}`;
}

/** `$ref` alone, or wrapped in allOf when siblings (description, default) sit beside it. */
function ref(name: string, siblings: Schema = {}): Schema {
  const r = { $ref: `#/components/schemas/${name}` };
  return Object.keys(siblings).length ? { allOf: [r], ...siblings } : r;
}

function isNumberOrString(t: ts.TypeNode): boolean {
  if (!ts.isUnionTypeNode(t) || t.types.length !== 2) return false;
  const kinds = t.types.map((x) => x.kind).sort();
  return kinds[0] === ts.SyntaxKind.NumberKeyword && kinds[1] === ts.SyntaxKind.StringKeyword;
}

function intFormat(def: string, field: string): Schema {
  if (DOUBLE_FIELDS.includes(`${def}.${field}`)) return { type: 'number', format: 'double' };
  return { type: 'integer', format: INT64_FIELDS.includes(field) ? 'int64' : 'int32' };
}

/** A property's type as a schema (without description). */
function typeSchema(decl: Decl, def: string, field: string, t: ts.TypeNode): Schema {
  if (ts.isParenthesizedTypeNode(t)) return typeSchema(decl, def, field, t.type);
  if (isNumberOrString(t)) return ref(INT_OR_STRING);
  switch (t.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { type: 'string' };
    case ts.SyntaxKind.NumberKeyword:
      return intFormat(def, field);
    case ts.SyntaxKind.BooleanKeyword:
      return { type: 'boolean' };
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
      return {};
  }
  if (ts.isLiteralTypeNode(t)) return { type: 'string' };
  if (ts.isArrayTypeNode(t))
    return { type: 'array', items: itemSchema(decl, def, field, t.elementType) };
  if (ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName)) {
    const n = t.typeName.text;
    if (n === 'Array' && t.typeArguments?.length === 1)
      return { type: 'array', items: itemSchema(decl, def, field, t.typeArguments[0]) };
    return ref(refName(decl, n));
  }
  if (ts.isTypeLiteralNode(t)) {
    const idx = t.members.find(ts.isIndexSignatureDeclaration);
    if (idx)
      return { type: 'object', additionalProperties: itemSchema(decl, def, field, idx.type) };
    return { type: 'object' };
  }
  throw new Error(`${def}.${field}: unsupported type ${ts.SyntaxKind[t.kind]}`);
}

/** Element of a list or value of a map: upstream gives plain scalars a zero default. */
function itemSchema(decl: Decl, def: string, field: string, t: ts.TypeNode): Schema {
  const s = typeSchema(decl, def, field, t);
  if (s.type === 'string') return { ...s, default: '' };
  if (s.type === 'integer' || s.type === 'number') return { ...s, default: 0 };
  if (typeof s.$ref === 'string' && !isScalarRef(s.$ref))
    return { allOf: [{ $ref: s.$ref }], default: {} };
  return s;
}

function isScalarRef(r: string): boolean {
  return /(IntOrString|Quantity|\.Time|MicroTime|JSONSchemaPropsOr\w+|\.JSON)$/.test(r);
}

function enumText(values: Record<string, string>): string {
  const lines = Object.entries(values).map(([v, text]) => ` - \`"${v}"\`${text ? ' ' + text : ''}`);
  return `\n\nPossible enum values:\n${lines.join('\n')}`;
}

const SPECIAL: Record<string, (description: string) => Schema> = {
  [INT_OR_STRING]: (description) => ({
    description,
    format: 'int-or-string',
    oneOf: [{ type: 'integer' }, { type: 'string' }],
  }),
  [QUANTITY]: (description) => ({ description, oneOf: [{ type: 'string' }, { type: 'number' }] }),
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': (description) => ({
    description,
    format: 'date-time',
    type: 'string',
  }),
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': (description) => ({
    description,
    format: 'date-time',
    type: 'string',
  }),
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch': (description) => ({ description, type: 'object' }),
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': (description) => ({
    description,
    type: 'object',
  }),
  'io.k8s.apimachinery.pkg.runtime.RawExtension': (description) => ({
    description,
    type: 'object',
  }),
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON': (description) => ({
    description,
  }),
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray': (
    description,
  ) => ({ description }),
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool': (
    description,
  ) => ({ description }),
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray': (
    description,
  ) => ({ description }),
};

const INT_OR_STRING_DOC =
  'IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.';

const definitions: Record<string, Schema> = {};
const gvks = new Map<string, { group: string; kind: string; version: string }[]>();

function build(name: string): void {
  if (definitions[name]) return;
  if (name === INT_OR_STRING) {
    definitions[name] = SPECIAL[name](INT_OR_STRING_DOC);
    return;
  }
  const decl = decls.get(name);
  if (!decl) throw new Error(`no declaration for ${name}`);
  if (SPECIAL[name]) {
    definitions[name] = SPECIAL[name](decl.description);
    return;
  }
  if (!ts.isInterfaceDeclaration(decl.node)) throw new Error(`${name}: unexpected type alias`);
  const meta = PATCH_META[name] ?? {};
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  const refs: string[] = [];
  const members = [...decl.node.members].filter(ts.isPropertySignature).sort((a, b) => {
    const x = propName(a);
    const y = propName(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  for (const m of members) {
    const field = propName(m);
    if (!m.type) continue;
    if (!m.questionToken) required.push(field);
    const fm = meta[field] ?? {};
    let description = docOf(m);
    if (fm.enum) description += enumText(fm.enum);
    const s = typeSchema(decl, name, field, m.type);
    const siblings: Schema = {};
    if (fm.default !== undefined) siblings.default = fm.default;
    if (description) siblings.description = description;
    if (fm.enum) siblings.enum = Object.keys(fm.enum);
    let out: Schema;
    if (typeof s.$ref === 'string') {
      refs.push(s.$ref.slice('#/components/schemas/'.length));
      out = ref(s.$ref.slice('#/components/schemas/'.length), siblings);
    } else {
      out = { ...siblings, ...s };
      collectRefs(s, refs);
    }
    if (fm.listType) out['x-kubernetes-list-type'] = fm.listType;
    if (fm.listMapKeys) out['x-kubernetes-list-map-keys'] = fm.listMapKeys;
    if (fm.mapType) out['x-kubernetes-map-type'] = fm.mapType;
    if (fm.patchMergeKey) out['x-kubernetes-patch-merge-key'] = fm.patchMergeKey;
    if (fm.patchStrategy) out['x-kubernetes-patch-strategy'] = fm.patchStrategy;
    properties[field] = sortKeys(out);
  }
  for (const [field, schema] of Object.entries(EXTRA_FIELDS[name] ?? {})) {
    properties[field] = schema;
    collectRefs(schema, refs);
  }
  for (const field of Object.keys(meta))
    if (!properties[field])
      console.warn(`patch-meta: ${name} has no field ${field} in kubernetes-types`);
  const def: Schema = { description: decl.description, properties: sortKeys(properties) };
  if (required.length) def.required = required;
  def.type = 'object';
  if (ATOMIC_STRUCTS.includes(name)) def['x-kubernetes-map-type'] = 'atomic';
  const gvk = gvks.get(name);
  if (gvk) def['x-kubernetes-group-version-kind'] = gvk;
  definitions[name] = def;
  for (const r of refs) build(r);
}

function propName(m: ts.PropertySignature): string {
  const n = m.name;
  if (ts.isIdentifier(n) || ts.isStringLiteral(n)) return n.text;
  throw new Error('unsupported property name');
}

function collectRefs(s: unknown, out: string[]): void {
  if (!s || typeof s !== 'object') return;
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref' && typeof v === 'string') out.push(v.slice('#/components/schemas/'.length));
    else collectRefs(v, out);
  }
}

function sortKeys(s: Schema): Schema {
  return Object.fromEntries(Object.entries(s).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// Roots: every kind and its list, the subresource and meta kinds the API server answers with.
const roots: { module: string; kind: string; group: string; version: string }[] = [];
for (const t of BUILTIN_TYPES) {
  const module = moduleOfGroup(t.group, t.version);
  roots.push({ module, kind: t.kind, group: t.group, version: t.version });
  roots.push({ module, kind: `${t.kind}List`, group: t.group, version: t.version });
}
roots.push({ module: 'autoscaling/v1', kind: 'Scale', group: 'autoscaling', version: 'v1' });
roots.push({ module: 'policy/v1', kind: 'Eviction', group: 'policy', version: 'v1' });
roots.push({
  module: 'authentication/v1',
  kind: 'TokenRequest',
  group: 'authentication.k8s.io',
  version: 'v1',
});
for (const kind of ['Status', 'APIVersions', 'APIGroupList', 'APIGroup', 'APIResourceList'])
  roots.push({ module: 'meta/v1', kind, group: '', version: 'v1' });
roots.push({ module: 'meta/v1', kind: 'Patch', group: '', version: '' });
roots.push({ module: 'version', kind: 'Info', group: '', version: '' });

// DeleteOptions and WatchEvent carry one GVK per group-version served (as upstream lists them).
const groupVersions: { group: string; version: string }[] = [];
for (const t of BUILTIN_TYPES)
  if (!groupVersions.some((g) => g.group === t.group && g.version === t.version))
    groupVersions.push({ group: t.group, version: t.version });
groupVersions.sort((a, b) => (a.group + a.version < b.group + b.version ? -1 : 1));

const metaPkg = 'io.k8s.apimachinery.pkg.apis.meta.v1';
loadModule('meta/v1');
for (const r of roots) {
  loadModule(r.module);
  if (r.version && r.module !== 'meta/v1') {
    const name = `${packageOf(r.module)}.${r.kind}`;
    gvks.set(name, [{ group: r.group, kind: r.kind, version: r.version }]);
  }
}
gvks.set(`${metaPkg}.Status`, [{ group: '', kind: 'Status', version: 'v1' }]);
gvks.set(`${metaPkg}.APIVersions`, [{ group: '', kind: 'APIVersions', version: 'v1' }]);
gvks.set(`${metaPkg}.APIGroupList`, [{ group: '', kind: 'APIGroupList', version: 'v1' }]);
gvks.set(`${metaPkg}.APIGroup`, [{ group: '', kind: 'APIGroup', version: 'v1' }]);
gvks.set(`${metaPkg}.APIResourceList`, [{ group: '', kind: 'APIResourceList', version: 'v1' }]);
for (const kind of ['DeleteOptions', 'WatchEvent'])
  gvks.set(
    `${metaPkg}.${kind}`,
    groupVersions.map((g) => ({ group: g.group, kind, version: g.version })),
  );

for (const r of roots) {
  const name = `${packageOf(r.module)}.${r.kind}`;
  // Some kinds have no list (Binding): upstream has none either.
  if (decls.has(name) || name === INT_OR_STRING) build(name);
  else if (!r.kind.endsWith('List')) throw new Error(`no declaration for ${name}`);
}
build(`${metaPkg}.DeleteOptions`);
build(`${metaPkg}.WatchEvent`);

const sorted = Object.fromEntries(
  Object.keys(definitions)
    .sort()
    .map((k) => [k, definitions[k]]),
);
if (!existsSync(dirname(outFile))) mkdirSync(dirname(outFile), { recursive: true });
const structures: Record<string, unknown> = {};
const descriptions: Record<string, Record<string, string>> = {};
for (const [name, def] of Object.entries(sorted)) {
  const { structure, texts } = splitDescriptions(def);
  if (JSON.stringify(mergeDescriptions(structure, texts)) !== JSON.stringify(def))
    throw new Error(`${name}: its descriptions would not go back where they were`);
  structures[name] = structure;
  if (Object.keys(texts).length) descriptions[name] = texts;
}
const text = JSON.stringify(structures);
writeFileSync(outFile, text + '\n');
writeFileSync(descriptionsFile, JSON.stringify(descriptions) + '\n');
console.log(
  `wrote ${Object.keys(sorted).length} definitions, ${text.length} bytes, to ${outFile.slice(root.length + 1)}, and their descriptions to ${descriptionsFile.slice(root.length + 1)}`,
);
