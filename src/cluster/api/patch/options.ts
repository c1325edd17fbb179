/**
 * The request options that change how a patch body is read. `fieldValidation` is the PATCH
 * query parameter; the API server treats a missing value as `Warn`, and both `Warn` and `Strict`
 * decode the body strictly first, which decides the wording of a malformed body's error.
 */
export interface PatchOptions {
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
}

export function decodesStrictly(options: PatchOptions | undefined): boolean {
  return (options?.fieldValidation ?? 'Warn') !== 'Ignore';
}
