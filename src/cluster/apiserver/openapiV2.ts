/**
 * `/openapi/v2`, which kubectl asks for only when the v3 documents lack a kind (an unknown kind,
 * or a custom resource without a schema). We serve the v2 document head with no definitions, in
 * the gnostic protobuf kubectl requests: kubectl then finds no schema for the kind and skips
 * client-side validation, as against a real cluster, and the API server has the last word.
 */
import { KUBERNETES_VERSION } from './version';

/** The media type the server answers with (Go's mime parser refuses the '@' form kubectl sends). */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

function field(num: number, bytes: number[]): number[] {
  return [(num << 3) | 2, ...varint(bytes.length), ...bytes];
}

function str(s: string): number[] {
  return [...new TextEncoder().encode(s)];
}

/** openapi_v2.Document{swagger: "2.0", info: {title, version}, paths: {}} */
export function openapiV2Protobuf(): Uint8Array {
  const info = [...field(1, str('Kubernetes')), ...field(2, str(KUBERNETES_VERSION.gitVersion))];
  return new Uint8Array([...field(1, str('2.0')), ...field(2, info), ...field(8, [])]);
}

/** The same document as JSON, for clients that ask for JSON. */
export function openapiV2Json(): object {
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: KUBERNETES_VERSION.gitVersion },
    paths: {},
    definitions: {},
  };
}
