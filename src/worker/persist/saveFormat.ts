/**
 * The autosave's format: everything a reload needs to give the learner the same playground —
 * the cluster's snapshot (store, clock, random state), the shared files, the terminal history
 * and the time controls. Versioned: a save of another version is discarded, never half-read.
 */
import { checkSnapshot } from '../../cluster/cluster';
import type { ClusterSnapshot } from '../../cluster/cluster';
import type { Speed } from '../protocol';
import { SPEEDS } from '../protocol';

export const SAVE_FORMAT = 'k8s-playground-save';
export const SAVE_VERSION = 1;

export interface PlaygroundSave {
  format: typeof SAVE_FORMAT;
  version: typeof SAVE_VERSION;
  /** Wall time of the save, ms since 1970 (what "Restored the cluster from …" shows). */
  savedAtMs: number;
  cluster: ClusterSnapshot;
  /** Every file of the shared filesystem, by absolute path. */
  files: Record<string, string>;
  /** The terminal's history, oldest first (bounded by HISTORY_LIMIT). */
  history: string[];
  /** Virtual time the cluster was handed over at (the clock's "elapsed" counts from it). */
  startMs: number;
  speed: Speed;
  paused: boolean;
}

/** How many history lines a save keeps (bash's HISTSIZE default is 500). */
export const HISTORY_LIMIT = 500;

/**
 * What is stored: the save as one JSON text inside a small envelope. Storing text instead of
 * the object tree lets IndexedDB copy one string rather than structured-clone every object
 * (several times slower for a cluster of thousands of pods), and a reader can check the format
 * and version before parsing anything.
 */
export interface StoredSave {
  format: typeof SAVE_FORMAT;
  version: typeof SAVE_VERSION;
  savedAtMs: number;
  json: string;
}

export function encodeSave(save: PlaygroundSave): StoredSave {
  return {
    format: SAVE_FORMAT,
    version: SAVE_VERSION,
    savedAtMs: save.savedAtMs,
    json: JSON.stringify(save),
  };
}

/**
 * A stored save (or the save itself) as a save this version can restore, or an Error that says
 * why not (shown to the learner, so in plain words).
 */
export function readSave(value: unknown): PlaygroundSave | Error {
  const envelope = value as Partial<StoredSave> | null;
  if (envelope && typeof envelope === 'object' && typeof envelope.json === 'string') {
    if (envelope.format !== SAVE_FORMAT)
      return new Error('the saved data is not a playground save');
    if (envelope.version !== SAVE_VERSION) return otherVersion(envelope.version);
    try {
      return readSaveObject(JSON.parse(envelope.json));
    } catch {
      return new Error('the save is damaged (it is not valid JSON)');
    }
  }
  return readSaveObject(value);
}

function otherVersion(version: unknown): Error {
  return new Error(
    `the save was made by another version of the playground (format ${String(version)}, this one reads ${SAVE_VERSION})`,
  );
}

function readSaveObject(value: unknown): PlaygroundSave | Error {
  const s = value as Partial<PlaygroundSave> | null;
  if (!s || typeof s !== 'object' || s.format !== SAVE_FORMAT) {
    return new Error('the saved data is not a playground save');
  }
  if (s.version !== SAVE_VERSION) return otherVersion(s.version);
  try {
    checkSnapshot(s.cluster);
  } catch (e) {
    return new Error(`the saved cluster is damaged: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Number.isFinite(s.savedAtMs)) return new Error('the save has no date');
  const files = s.files;
  if (
    !files ||
    typeof files !== 'object' ||
    !Object.entries(files).every(([p, c]) => p.startsWith('/') && typeof c === 'string')
  ) {
    return new Error('the saved files are damaged');
  }
  if (!Array.isArray(s.history) || !s.history.every((l) => typeof l === 'string')) {
    return new Error('the saved terminal history is damaged');
  }
  return {
    format: SAVE_FORMAT,
    version: SAVE_VERSION,
    savedAtMs: s.savedAtMs!,
    cluster: s.cluster as ClusterSnapshot,
    files,
    history: s.history.slice(-HISTORY_LIMIT),
    startMs: Number.isFinite(s.startMs) ? s.startMs! : s.cluster!.clockMs,
    speed: (SPEEDS as readonly number[]).includes(s.speed as number) ? s.speed! : 1,
    paused: s.paused === true,
  };
}
