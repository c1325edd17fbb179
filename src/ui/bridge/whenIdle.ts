/**
 * Runs `fn` when the main thread is next idle, or after `timeoutMs` at the latest; returns a
 * cancel. Where requestIdleCallback is missing (Safari), a short timeout stands in.
 */
export function whenIdle(fn: () => void, timeoutMs: number): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(fn, { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(fn, Math.min(50, timeoutMs));
  return () => clearTimeout(id);
}
