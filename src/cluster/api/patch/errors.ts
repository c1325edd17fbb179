/**
 * The Status errors the API server's patch handler (apiserver/pkg/endpoints/handlers/patch.go)
 * builds around the patch libraries' plain errors.
 */

import { ApiError, badRequest } from '../errors';
import type { Status } from '../errors';

export { badRequest };

/**
 * errors.NewGenericServerResponse(422, "", GroupResource{}, "", detail, 0, false): what a JSON
 * patch that fails to apply (a failed `test`, a missing path) and a strategic merge patch with a
 * list of lists return. kubectl prints the fixed message; the library's error is the cause.
 */
export function unprocessable(detail: string): ApiError {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: 'the server rejected our request due to an error in our request',
    reason: 'Invalid',
    details: { causes: [{ reason: 'UnexpectedServerResponse', message: detail }] },
    code: 422,
  };
  return new ApiError(status);
}

/**
 * A plain Go error that reaches the handler unconverted: ErrorToAPIStatus makes it a 500 with an
 * empty (Unknown) reason and the error text as the message, as for an unknown `$patch` value.
 */
export function unknownServerError(message: string): ApiError {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: '',
    code: 500,
  };
  return new ApiError(status);
}

/** 413 for a JSON patch with more operations than the handler accepts. */
export function tooManyOperations(max: number, got: number): ApiError {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `The allowed maximum operations in a JSON patch is ${max}, got ${got}`,
    reason: 'RequestEntityTooLarge',
    code: 413,
  };
  return new ApiError(status);
}
