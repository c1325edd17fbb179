/**
 * Pod failure back-off (pkg/controller/job/backoff_utils.go): after a pod fails, the next one
 * waits 10 s, doubling with each failure since the last success, capped at 10 minutes (upstream's
 * MaxJobPodFailureBackOff; the docs' "six minutes" predates it).
 */
export const DEFAULT_JOB_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_JOB_POD_FAILURE_BACKOFF_MS = 10 * 60_000;

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime: number;
}

/** getRemainingTime: how long the next pod must still wait, 0 when it may start now. */
export function getRemainingTime(rec: BackoffRecord | undefined, nowMs: number): number {
  if (!rec || rec.failuresAfterLastSuccess === 0) return 0;
  const backoff = Math.min(
    DEFAULT_JOB_POD_FAILURE_BACKOFF_MS * 2 ** (rec.failuresAfterLastSuccess - 1),
    MAX_JOB_POD_FAILURE_BACKOFF_MS,
  );
  return Math.max(0, backoff - (nowMs - rec.lastFailureTime));
}

/** newBackoffRecord: a success resets the count; failures after it add up. */
export function updateBackoffRecord(
  rec: BackoffRecord | undefined,
  newSucceeded: number,
  newFailed: number,
  nowMs: number,
): BackoffRecord {
  let n = rec?.failuresAfterLastSuccess ?? 0;
  let last = rec?.lastFailureTime ?? 0;
  if (newSucceeded > 0) n = 0;
  if (newFailed > 0) {
    n += newFailed;
    last = nowMs;
  }
  return { failuresAfterLastSuccess: n, lastFailureTime: last };
}
