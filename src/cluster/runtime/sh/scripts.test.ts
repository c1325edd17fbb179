import { describe, expect, it } from 'vitest';
import { runScript } from './testkit';
import { SCRIPT_CASES } from './testdata/scripts';

describe('sh scripts, against output recorded from busybox sh', () => {
  it.each(SCRIPT_CASES)('$name', ({ script, stdout, stderr, code }) => {
    const r = runScript(script);
    expect({ stdout: r.stdout, stderr: r.stderr, code: r.code }).toEqual({ stdout, stderr, code });
  });
});
