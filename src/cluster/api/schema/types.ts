/**
 * A kind's schema as the rest of the cluster navigates it: strict field validation walks it to
 * find unknown fields, strategic merge patch reads its list strategies and merge keys, and the
 * OpenAPI documents and the editor's JSON Schema are rendered from the same nodes.
 */
export interface SchemaNode {
  /** OpenAPI type; undefined for IntOrString / Quantity-like values and free-form JSON. */
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  /** The Go-style definition name, "io.k8s.api.core.v1.PodSpec", for named object types. */
  ref?: string;
  description?: string;
  /** Fields of an object. Resolved lazily by the implementation where types are recursive. */
  properties?: Record<string, SchemaNode>;
  required?: string[];
  /** Element schema of an array. */
  items?: SchemaNode;
  /** Value schema of a map (object with free keys), or true for any value. */
  additionalProperties?: SchemaNode | true;
  /** `x-kubernetes-patch-strategy` of this field: "merge", "replace", "retainKeys", "merge,retainKeys". */
  patchStrategy?: string;
  /** `x-kubernetes-patch-merge-key` of this list field: "name", "containerPort", ... */
  patchMergeKey?: string;
  /** `x-kubernetes-list-type`: "atomic" | "set" | "map". */
  listType?: 'atomic' | 'set' | 'map';
  listMapKeys?: string[];
  /** `x-kubernetes-int-or-string` */
  intOrString?: boolean;
  /** `x-kubernetes-preserve-unknown-fields`: any field is allowed below this node. */
  preserveUnknownFields?: boolean;
  /** `x-kubernetes-embedded-resource` */
  embeddedResource?: boolean;
  enum?: (string | number)[];
  format?: string;
  default?: unknown;
}
