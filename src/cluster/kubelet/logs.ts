/**
 * Container logs as the runtime keeps them: one bounded ring of lines per container instance,
 * with the time each was written, kept for the current and the previous instance (`--previous`).
 * Followers (`logs -f`) receive new lines until the instance ends.
 */

export const LOG_RING_LINES = 10_000;

export interface LogEntry {
  /** Virtual wall time, ms since 1970. */
  at: number;
  /** Sub-millisecond order, for RFC 3339 nanosecond timestamps. */
  seq: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

export class LogBuffer {
  private lines: LogEntry[] = [];
  private start = 0;
  private seq = 0;
  private lastAt = -1;
  private followers = new Set<{ write(e: LogEntry): void; end(): void }>();
  ended = false;

  append(at: number, stream: 'stdout' | 'stderr', text: string): void {
    if (this.ended) return;
    this.seq = at === this.lastAt ? this.seq + 1 : 0;
    this.lastAt = at;
    const e: LogEntry = { at, seq: this.seq, stream, text };
    if (this.lines.length - this.start >= LOG_RING_LINES) this.start++;
    this.lines.push(e);
    // Compact now and then, so the ring stays a ring.
    if (this.start > LOG_RING_LINES) {
      this.lines = this.lines.slice(this.start);
      this.start = 0;
    }
    for (const f of this.followers) f.write(e);
  }

  entries(): LogEntry[] {
    return this.lines.slice(this.start);
  }

  /** Subscribes to new lines; returns the unsubscribe function. */
  follow(write: (e: LogEntry) => void, end: () => void): () => void {
    if (this.ended) {
      end();
      return () => {};
    }
    const f = { write, end };
    this.followers.add(f);
    return () => this.followers.delete(f);
  }

  /** The instance ended: followers are told, further writes dropped. */
  close(): void {
    this.ended = true;
    for (const f of this.followers) f.end();
    this.followers.clear();
  }
}

/** RFC 3339 with nanoseconds, as the runtime stamps log lines: 2025-01-01T00:00:05.123000001Z. */
export function logTimestamp(e: LogEntry): string {
  const iso = new Date(e.at).toISOString(); // 2025-01-01T00:00:05.123Z
  return `${iso.slice(0, 23)}${String(e.seq % 1_000_000).padStart(6, '0')}Z`;
}

export interface LogQuery {
  timestamps: boolean;
  tailLines?: number;
  sinceMs?: number;
  limitBytes?: number;
}

export function formatEntry(e: LogEntry, q: LogQuery): string {
  return (q.timestamps ? `${logTimestamp(e)} ` : '') + e.text + '\n';
}

/** The text `kubectl logs` prints for a buffer and the query's filters. */
export function selectLogs(buf: LogBuffer, q: LogQuery): string {
  let entries = buf.entries();
  if (q.sinceMs !== undefined) entries = entries.filter((e) => e.at >= q.sinceMs!);
  if (q.tailLines !== undefined && q.tailLines >= 0) {
    entries = q.tailLines === 0 ? [] : entries.slice(-q.tailLines);
  }
  let text = entries.map((e) => formatEntry(e, q)).join('');
  if (q.limitBytes !== undefined && q.limitBytes >= 0) text = text.slice(0, q.limitBytes);
  return text;
}
