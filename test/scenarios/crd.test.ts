/**
 * The CustomResourceDefinitions chapter with the real kubectl: the CronTab example of the
 * Kubernetes docs with additionalPrinterColumns and a structural schema; get by plural, singular
 * and short name; describe; explain; an instance that breaks the schema refused with the API
 * server's message; deleting the CRD takes its instances with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from '../compat/harness';
import { kubectlAvailable, startCluster } from '../compat/harness';
import { ok, rows } from './util';

const enabled = kubectlAvailable();

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames:
    - ct
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            description: What the cron tab runs and when.
            properties:
              cronSpec:
                type: string
                description: The schedule, in cron format.
              image:
                type: string
              replicas:
                type: integer
                minimum: 1
                maximum: 10
    additionalPrinterColumns:
    - name: Spec
      type: string
      description: The cron spec defining the interval a CronJob is run
      jsonPath: .spec.cronSpec
    - name: Replicas
      type: integer
      description: The number of jobs launched by the CronJob
      jsonPath: .spec.replicas
    - name: Age
      type: date
      jsonPath: .metadata.creationTimestamp
`;

const crontab = (name: string, replicas: string) => `apiVersion: stable.example.com/v1
kind: CronTab
metadata:
  name: ${name}
spec:
  cronSpec: "* * * * */5"
  image: my-awesome-cron-image
  replicas: ${replicas}
`;

describe.skipIf(!enabled)('custom resources with the real kubectl', () => {
  let c: TestCluster;
  beforeAll(async () => {
    c = await startCluster();
  });
  afterAll(async () => {
    await c?.close();
  });

  it('creates the CRD; it is Established and listed by api-resources', async () => {
    expect(await ok(c, ['apply', '-f', '-'], crd)).toBe(
      'customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n',
    );
    c.advance(1);
    expect(await rows(c, ['crd'])).toEqual([
      'NAME | CREATED AT',
      'crontabs.stable.example.com | <time>',
    ]);
    expect(
      await ok(c, [
        'get',
        'crd',
        'crontabs.stable.example.com',
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Established")].status}',
      ]),
    ).toBe('True');
    const resources = await ok(c, ['api-resources', '--api-group=stable.example.com']);
    expect(resources).toBe(
      [
        'NAME       SHORTNAMES   APIVERSION              NAMESPACED   KIND',
        'crontabs   ct           stable.example.com/v1   true         CronTab',
        '',
      ].join('\n'),
    );
  });

  it('get shows the printer columns, by plural, singular and short name', async () => {
    expect(await ok(c, ['apply', '-f', '-'], crontab('my-new-cron-object', '1'))).toBe(
      'crontab.stable.example.com/my-new-cron-object created\n',
    );
    const want = ['NAME | SPEC | REPLICAS | AGE', 'my-new-cron-object | * * * * */5 | 1 | <age>'];
    expect(await rows(c, ['crontabs'])).toEqual(want);
    expect(await rows(c, ['crontab'])).toEqual(want);
    expect(await rows(c, ['ct'])).toEqual(want);
    expect(await rows(c, ['crontabs.stable.example.com'])).toEqual(want);
    expect(await ok(c, ['get', 'ct', 'my-new-cron-object', '-o', 'jsonpath={.spec.image}'])).toBe(
      'my-awesome-cron-image',
    );
  });

  it('describe prints the object', async () => {
    const d = await ok(c, ['describe', 'ct', 'my-new-cron-object']);
    expect(d).toMatch(/^Name: {9}my-new-cron-object\nNamespace: {4}default\n/);
    expect(d).toContain('API Version:  stable.example.com/v1\nKind:         CronTab\n');
    expect(d).toContain(
      'Spec:\n  Cron Spec:  * * * * */5\n  Image:      my-awesome-cron-image\n  Replicas:   1\nEvents:       <none>\n',
    );
  });

  it('explain reads the schema', async () => {
    const r = await c.kubectl(['explain', 'crontab.spec']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        'GROUP:      stable.example.com',
        'KIND:       CronTab',
        'VERSION:    v1',
        '',
        'FIELD: spec <Object>',
        '',
        '',
        'DESCRIPTION:',
        '    What the cron tab runs and when.',
        '    ',
        'FIELDS:',
        '  cronSpec\t<string>',
        '    The schedule, in cron format.',
        '',
        '  image\t<string>',
        '    <no description>',
        '',
        '  replicas\t<integer>',
        '    <no description>',
        '',
        '',
        '',
      ].join('\n'),
    );
  });

  it('refuses an instance that breaks the schema, with the API server’s message', async () => {
    const wrongType = await c.kubectl(['apply', '-f', '-'], {
      stdin: crontab('bad', '"two"'),
    });
    expect(wrongType.stderr).toBe(
      'The CronTab "bad" is invalid: spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"\n',
    );
    const tooMany = await c.kubectl(['apply', '-f', '-'], { stdin: crontab('bad', '20') });
    expect(tooMany.stderr).toBe(
      'The CronTab "bad" is invalid: spec.replicas: Invalid value: 20: spec.replicas in body should be less than or equal to 10\n',
    );
    const unknown = await c.kubectl(['apply', '-f', '-'], {
      stdin: crontab('bad', '1') + '  color: blue\n',
    });
    expect(unknown.stderr).toBe(
      'Error from server (BadRequest): error when creating "STDIN": CronTab in version "v1" cannot be handled as a CronTab: strict decoding error: unknown field "spec.color"\n',
    );
    // Without validation the API server prunes what the schema does not declare.
    await ok(
      c,
      ['apply', '--validate=false', '-f', '-'],
      crontab('pruned', '1') + '  color: blue\n',
    );
    expect(await ok(c, ['get', 'ct', 'pruned', '-o', 'jsonpath={.spec}'])).toBe(
      '{"cronSpec":"* * * * */5","image":"my-awesome-cron-image","replicas":1}',
    );
    await ok(c, ['delete', 'ct', 'pruned']);
    expect(await rows(c, ['ct'])).toEqual([
      'NAME | SPEC | REPLICAS | AGE',
      'my-new-cron-object | * * * * */5 | 1 | <age>',
    ]);
  });

  it('deleting the CRD deletes its instances and the resource', async () => {
    await ok(c, ['apply', '-f', '-'], crontab('second', '2'));
    expect(await ok(c, ['delete', 'crd', 'crontabs.stable.example.com'])).toBe(
      'customresourcedefinition.apiextensions.k8s.io "crontabs.stable.example.com" deleted\n',
    );
    c.advance(5);
    expect((await c.kubectl(['get', 'crd'])).stderr).toBe('No resources found\n');
    // kubectl still knows the type from its discovery cache, so it asks and is told NotFound.
    const r = await c.kubectl(['get', 'crontabs']);
    expect(r.stderr).toBe(
      'Error from server (NotFound): Unable to list "stable.example.com/v1, Resource=crontabs": the server could not find the requested resource\n',
    );
    // Made again, the CRD starts with no instances: the old ones went with it.
    await ok(c, ['apply', '-f', '-'], crd);
    c.advance(1);
    const again = await c.kubectl(['get', 'ct']);
    expect(again.stderr).toBe('No resources found in default namespace.\n');
  });
});
