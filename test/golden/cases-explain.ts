/**
 * Golden cases of explain: built-in kinds, fields through objects, lists and maps, the
 * recursive tree, `--api-version`, custom resources and the errors. They share the cluster of
 * golden.test.ts; the custom resource they explain (two versions, descriptions, an enum,
 * required fields, lists and maps of objects) is added to its fixtures. This module exports
 * the whole suite (the describe suite with these appended) for golden.test.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CASES as BASE_CASES, FIXTURES as BASE_FIXTURES } from './cases-describe';
import type { GoldenCase } from './cases';

const dir = mkdtempSync(join(tmpdir(), 'kubectl-explain-fixtures-'));
const GADGETS = join(dir, 'gadgets.yaml');
writeFileSync(
  GADGETS,
  `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.explain.example.com
spec:
  group: explain.example.com
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget, shortNames: [gd]}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        description: A Gadget is a small tool with a particular function, described here at some length so that the description wraps onto a second line.
        properties:
          spec:
            type: object
            description: What the gadget should be.
            required: [size]
            properties:
              size:
                type: integer
                description: How big the gadget is.
              color:
                type: string
                description: The gadget's color.
                enum: [red, green, blue, yellow, purple]
              tags:
                type: array
                items: {type: string}
              labels:
                type: object
                additionalProperties: {type: string}
              parts:
                type: array
                description: The parts the gadget is made of.
                items:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string, description: The part's name.}
                    count: {type: integer}
          status:
            type: object
            x-kubernetes-preserve-unknown-fields: true
  - name: v1beta1
    served: true
    storage: false
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: string, description: The size as a word.}
`,
);

const c = (name: string, ...steps: string[]): GoldenCase => ({ name, steps });

export const EXPLAIN_CASES: GoldenCase[] = [
  // built-in kinds and fields
  c('explain pods', 'explain pods'),
  c('explain pods.spec', 'explain pods.spec'),
  c('explain pods.spec.containers', 'explain pods.spec.containers'),
  c('explain an enum field', 'explain pods.spec.restartPolicy'),
  c('explain a map field', 'explain pods.metadata.labels'),
  c('explain a deep field', 'explain pods.spec.containers.env.valueFrom.fieldRef.fieldPath'),
  c('explain deployment.spec.strategy', 'explain deployment.spec.strategy'),
  c('explain svc.spec.ports', 'explain svc.spec.ports'),
  c('explain by kind', 'explain Pod.status'),
  c('explain short name', 'explain deploy.spec.template.spec.containers.ports'),
  c('explain with group', 'explain deployments.apps.spec'),
  c('explain trailing dot', 'explain pods.spec.'),
  c('explain cluster-scoped', 'explain ns.status'),
  c('explain cronjob template', 'explain cronjobs.spec.jobTemplate'),
  c('explain hpa', 'explain hpa.spec'),
  // --recursive
  c('explain --recursive small type', 'explain configmaps --recursive'),
  c('explain --recursive field', 'explain pods.spec.containers.resources --recursive'),
  c('explain --recursive nodes', 'explain nodes --recursive'),
  c('explain --recursive crd', 'explain crd --recursive'),
  // --api-version and --output
  c('explain --api-version', 'explain deployments --api-version=apps/v1'),
  c('explain --api-version core', 'explain pods.spec.hostname --api-version=v1'),
  c('explain --api-version unknown', 'explain deployments --api-version=apps/v2'),
  c('explain --api-version invalid', 'explain pods --api-version=a/b/c'),
  c('explain -o plaintext', 'explain svc.spec.type -o plaintext'),
  c('explain -o unknown', 'explain pods -o yaml'),
  c('explain -o plaintext-openapiv2', 'explain pods -o plaintext-openapiv2'),
  // custom resources
  c('explain a custom resource', 'explain gadgets'),
  c('explain a custom resource field', 'explain gd.spec'),
  c('explain a custom enum', 'explain gadget.spec.color'),
  c('explain custom list of objects', 'explain gadgets.spec.parts'),
  c('explain custom map', 'explain gadgets.spec.labels'),
  c('explain custom --recursive', 'explain gadgets --recursive'),
  c('explain custom with group', 'explain gadgets.explain.example.com.spec.size'),
  c(
    'explain custom other version',
    'explain gadgets.spec --api-version=explain.example.com/v1beta1',
  ),
  c('explain custom no schema fields', 'explain widgets.spec'),
  // errors
  c('explain unknown resource', 'explain foo'),
  c('explain unknown field', 'explain pods.spec.foo'),
  c('explain unknown nested field', 'explain pods.spec.foo.bar'),
  c('explain field of a scalar', 'explain gadgets.spec.tags.foo'),
  c('explain no arguments', 'explain'),
  c('explain two arguments', 'explain pods nodes'),
  c('explain bad flag', 'explain pods --bogus'),
  c('explain help', 'explain --help'),
];

export const FIXTURES = [...BASE_FIXTURES, `apply -f ${GADGETS}`];
export const CASES: GoldenCase[] = [...BASE_CASES, ...EXPLAIN_CASES];
