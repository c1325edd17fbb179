/**
 * kubectl's error output (k8s.io/kubectl/pkg/cmd/util.CheckErr): API Status errors as
 * `Error from server (Reason): message`, everything else as `error: message`, exit code 1.
 */

/** An error to print as is (already formatted) and the exit code to end with. */
export class KubectlError extends Error {
  constructor(
    readonly output: string,
    readonly exitCode = 1,
  ) {
    super(output);
  }
}

/** `error: <msg>` as CheckErr prints a plain error. */
export function cmdError(msg: string): KubectlError {
  return new KubectlError(msg.startsWith('error: ') ? msg : `error: ${msg}`);
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
}

/** The message of a Status body; `Error from server (Reason): message`. */
export function statusError(body: unknown, httpStatus: number): KubectlError {
  const s = (body && typeof body === 'object' ? body : {}) as StatusBody;
  const message =
    s.message ??
    (typeof body === 'string' && body ? body : `the server returned status ${httpStatus}`);
  if (s.reason === 'Unauthorized') {
    return new KubectlError(`error: You must be logged in to the server (${message})`);
  }
  return new KubectlError(
    s.reason ? `Error from server (${s.reason}): ${message}` : `Error from server: ${message}`,
  );
}

export function isNotFound(body: unknown, status: number): boolean {
  return status === 404 && (body as StatusBody | undefined)?.reason === 'NotFound';
}
