/**
 * Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`), decoded into the
 * JSON object the same request would have carried as JSON. kubectl's typed clients (`create
 * configmap`, `run`, `expose`, the eviction of `drain`, ...) send nothing else.
 *
 * The envelope is the 4-byte magic `k8s\0` and a runtime.Unknown {typeMeta, raw}; `raw` is the
 * object's message, read with the field table in fields.json (field numbers of Kubernetes' v1.32
 * protobuf IDL, with the JSON names and omitempty of the Go types). Proto scalars are always on
 * the wire, so a zero value is dropped where the Go JSON tag has omitempty, as the Go encoder would.
 */
import { badRequest } from '../errors';
import fieldTable from './fields.json';

/** [json name, type, flags]: r repeated, m map<string, type>, i inlined, z drop zero, f keep zero. */
type Field = [name: string, type: string, flags?: string];

interface FieldTable {
  kinds: Record<string, string>;
  messages: Record<string, Record<string, Field>>;
}

const TABLE = fieldTable as unknown as FieldTable;

const MAGIC = [0x6b, 0x38, 0x73, 0x00];

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

const utf8 = new TextDecoder();

/** A cursor over one message's bytes. */
class Reader {
  constructor(
    readonly buf: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {}

  done(): boolean {
    return this.pos >= this.end;
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw malformed(`truncated varint at byte ${this.pos}`);
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
      shift += 7n;
    }
    throw malformed(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  /** A length-delimited field: returns a reader over its bytes and skips past them. */
  sub(): Reader {
    const len = Number(this.varint());
    const start = this.pos;
    if (len > this.end - start) {
      throw malformed(`field of ${len} bytes at byte ${start} runs past the end of its message`);
    }
    this.pos += len;
    return new Reader(this.buf, start, start + len);
  }

  bytes(): Uint8Array {
    const r = this.sub();
    return this.buf.subarray(r.pos, r.end);
  }

  fixed(n: 4 | 8): DataView {
    if (this.end - this.pos < n) throw malformed(`truncated fixed${n * 8} at byte ${this.pos}`);
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, n);
    this.pos += n;
    return view;
  }

  skip(wire: number): void {
    if (wire === WIRE_VARINT) this.varint();
    else if (wire === WIRE_FIXED64) this.fixed(8);
    else if (wire === WIRE_BYTES) this.sub();
    else if (wire === WIRE_FIXED32) this.fixed(4);
    else throw malformed(`unsupported wire type ${wire} at byte ${this.pos}`);
  }

  /** Calls `each(fieldNumber, wireType)` per field; `each` must consume the field's value. */
  fields(each: (num: number, wire: number) => void): void {
    while (!this.done()) {
      const key = this.varint();
      const num = Number(key >> 3n);
      const wire = Number(key & 7n);
      if (num === 0) throw malformed(`invalid field number 0 at byte ${this.pos}`);
      each(num, wire);
    }
  }
}

function malformed(detail: string): Error {
  return badRequest(`unable to decode the protobuf body: ${detail}`);
}

/**
 * Decodes a Kubernetes protobuf body (`k8s\0` + runtime.Unknown) into the object's JSON form,
 * with `apiVersion` and `kind` from the envelope. Throws a BadRequest ApiError on a wrong magic,
 * malformed bytes or a kind the table does not know.
 */
export function decodeKubernetesProtobuf(bytes: Uint8Array): unknown {
  if (bytes.length < MAGIC.length || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw badRequest(
      `provided data does not appear to be a protobuf message, expected prefix [${MAGIC.join(' ')}]`,
    );
  }
  let apiVersion = '';
  let kind = '';
  let raw: Reader | undefined;
  const unknown = new Reader(bytes, MAGIC.length, bytes.length);
  unknown.fields((num, wire) => {
    if (num === 1 && wire === WIRE_BYTES) {
      const typeMeta = unknown.sub();
      typeMeta.fields((n, w) => {
        if (n === 1 && w === WIRE_BYTES) apiVersion = utf8.decode(typeMeta.bytes());
        else if (n === 2 && w === WIRE_BYTES) kind = utf8.decode(typeMeta.bytes());
        else typeMeta.skip(w);
      });
    } else if (num === 2 && wire === WIRE_BYTES) {
      raw = unknown.sub();
    } else {
      unknown.skip(wire);
    }
  });
  if (!kind) throw badRequest("Object 'Kind' is missing in the protobuf body");
  const type =
    TABLE.kinds[`${apiVersion}/${kind}`] ??
    // Every group version serves meta/v1 DeleteOptions under its own apiVersion.
    (kind === 'DeleteOptions' ? TABLE.kinds['meta.k8s.io/v1/DeleteOptions'] : undefined);
  if (!type) {
    throw badRequest(
      `no kind "${kind}" is registered for version "${apiVersion}" in scheme "pkg/api/legacyscheme/scheme.go:30"`,
    );
  }
  const obj = { apiVersion, kind };
  if (!raw) return obj;
  return { ...obj, ...decodeMessage(type, raw) };
}

type Json = unknown;

/** Decodes one message of a table type into its JSON object. */
function decodeMessage(type: string, r: Reader): Record<string, Json> {
  const fields = TABLE.messages[type];
  const out: Record<string, Json> = {};
  r.fields((num, wire) => {
    const f = fields[num];
    if (!f) {
      r.skip(wire);
      return;
    }
    const [name, ftype, flags = ''] = f;
    if (flags.includes('m')) {
      const map = (out[name] ??= {}) as Record<string, Json>;
      const [key, value] = decodeMapEntry(ftype, expectBytes(r, wire, type, name));
      // Keys are data: "__proto__" must become a key, as JSON.parse makes it, not a prototype.
      Object.defineProperty(map, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else if (flags.includes('r')) {
      const list = (out[name] ??= []) as Json[];
      if (wire === WIRE_BYTES && isPackable(ftype)) {
        const packed = r.sub();
        while (!packed.done()) list.push(decodeScalar(ftype, packed, packedWire(ftype)));
      } else {
        list.push(decodeValue(ftype, r, wire, type, name));
      }
    } else if (flags.includes('i')) {
      Object.assign(out, decodeMessage(ftype, expectBytes(r, wire, type, name)));
    } else {
      const v = decodeValue(ftype, r, wire, type, name);
      if (v === undefined) delete out[name];
      else out[name] = v;
    }
  });
  for (const [name, ftype, flags = ''] of Object.values(fields)) {
    if (flags.includes('z') && isZero(out[name])) delete out[name];
    else if (flags.includes('f') && out[name] === undefined) {
      const zero = zeroScalar(ftype);
      if (zero !== undefined) out[name] = zero;
    }
  }
  const post = POST[type];
  return post ? (post(out) as Record<string, Json>) : out;
}

function decodeMapEntry(valueType: string, entry: Reader): [string, Json] {
  let key = '';
  let value: Json;
  entry.fields((num, wire) => {
    if (num === 1 && wire === WIRE_BYTES) key = utf8.decode(entry.bytes());
    else if (num === 2) value = decodeValue(valueType, entry, wire, 'map entry', key);
    else entry.skip(wire);
  });
  // An entry without a value holds the zero value, as Go's decoder leaves it.
  if (value === undefined) value = zeroScalar(valueType) ?? ZERO_VALUE[valueType] ?? {};
  return [key, value];
}

function decodeValue(type: string, r: Reader, wire: number, msg: string, field: string): Json {
  if (SCALAR_WIRE[type] !== undefined) {
    if (wire !== SCALAR_WIRE[type]) throw wrongWire(msg, field, wire);
    return decodeScalar(type, r, wire);
  }
  const sub = expectBytes(r, wire, msg, field);
  const special = SPECIAL[type];
  return special ? special(sub) : decodeMessage(type, sub);
}

function expectBytes(r: Reader, wire: number, msg: string, field: string): Reader {
  if (wire !== WIRE_BYTES) throw wrongWire(msg, field, wire);
  return r.sub();
}

function wrongWire(msg: string, field: string, wire: number): Error {
  return malformed(`field ${field} of ${msg} has unexpected wire type ${wire}`);
}

const SCALAR_WIRE: Record<string, number> = {
  string: WIRE_BYTES,
  bytes: WIRE_BYTES,
  bool: WIRE_VARINT,
  int32: WIRE_VARINT,
  int64: WIRE_VARINT,
  double: WIRE_FIXED64,
};

function isPackable(type: string): boolean {
  return type === 'bool' || type === 'int32' || type === 'int64' || type === 'double';
}

function packedWire(type: string): number {
  return SCALAR_WIRE[type];
}

function decodeScalar(type: string, r: Reader, wire: number): Json {
  switch (type) {
    case 'string':
      return utf8.decode(r.bytes());
    case 'bytes':
      return base64(r.bytes());
    case 'bool':
      return r.varint() !== 0n;
    case 'int32':
      return Number(BigInt.asIntN(32, r.varint()));
    case 'int64':
      return Number(BigInt.asIntN(64, r.varint()));
    case 'double':
      return r.fixed(8).getFloat64(0, true);
  }
  r.skip(wire);
  return undefined;
}

function zeroScalar(type: string): Json {
  switch (type) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int32':
    case 'int64':
    case 'double':
      return 0;
  }
  return undefined;
}

/** Zero values of the non-scalar map value types, in their JSON form. */
const ZERO_VALUE: Record<string, Json> = {
  bytes: '',
  'resource.Quantity': '0',
  'intstr.IntOrString': 0,
};

function isZero(v: Json): boolean {
  return v === '' || v === 0 || v === false;
}

/** Reads the varint and length-delimited fields of a small message by number. */
function readFields(r: Reader): Map<number, bigint | Uint8Array> {
  const out = new Map<number, bigint | Uint8Array>();
  r.fields((num, wire) => {
    if (wire === WIRE_VARINT) out.set(num, r.varint());
    else if (wire === WIRE_BYTES) out.set(num, r.bytes());
    else r.skip(wire);
  });
  return out;
}

function int(v: bigint | Uint8Array | undefined, bits: 32 | 64): number {
  return typeof v === 'bigint' ? Number(BigInt.asIntN(bits, v)) : 0;
}

function str(v: bigint | Uint8Array | undefined): string {
  return v instanceof Uint8Array ? utf8.decode(v) : '';
}

function rawJson(v: bigint | Uint8Array | undefined): Json {
  if (!(v instanceof Uint8Array) || v.length === 0) return undefined;
  const text = utf8.decode(v);
  try {
    return JSON.parse(text);
  } catch {
    throw malformed(`embedded raw object is not JSON: ${text.slice(0, 40)}`);
  }
}

/** metav1.Time and MicroTime: a zero time is null in Go's JSON, so it is left out. */
function time(r: Reader, micro: boolean): Json {
  const f = readFields(r);
  const seconds = int(f.get(1), 64);
  const nanos = int(f.get(2), 32);
  if (seconds === 0 && nanos === 0) return undefined;
  const iso = new Date(seconds * 1000).toISOString().slice(0, 19);
  if (!micro) return `${iso}Z`;
  return `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`;
}

/** Messages whose JSON form is not an object of their fields. */
const SPECIAL: Record<string, (r: Reader) => Json> = {
  'meta.v1.Time': (r) => time(r, false),
  'meta.v1.MicroTime': (r) => time(r, true),
  'intstr.IntOrString': (r) => {
    const f = readFields(r);
    return int(f.get(1), 64) === 1 ? str(f.get(3)) : int(f.get(2), 32);
  },
  'resource.Quantity': (r) => str(readFields(r).get(1)),
  'runtime.RawExtension': (r) => rawJson(readFields(r).get(1)),
  'meta.v1.FieldsV1': (r) => rawJson(readFields(r).get(1)),
  'apiextensions.v1.JSON': (r) => rawJson(readFields(r).get(1)),
};

/** The apiextensions unions, as their Go MarshalJSON writes them. */
const POST: Record<string, (m: Record<string, Json>) => Json> = {
  'apiextensions.v1.JSONSchemaPropsOrArray': (m) =>
    Array.isArray(m.jSONSchemas) && m.jSONSchemas.length > 0 ? m.jSONSchemas : m.schema,
  'apiextensions.v1.JSONSchemaPropsOrBool': (m) => m.schema ?? m.allows === true,
  'apiextensions.v1.JSONSchemaPropsOrStringArray': (m) =>
    Array.isArray(m.property) && m.property.length > 0 ? m.property : m.schema,
};

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding, as Go's encoding/json writes []byte. */
function base64(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63];
    out += i + 1 < b.length ? B64[(n >> 6) & 63] : '=';
    out += i + 2 < b.length ? B64[n & 63] : '=';
  }
  return out;
}
