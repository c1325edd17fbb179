/**
 * The settings menu of the top bar: the theme and large text; the cluster's nodes and their
 * size, "Reset to empty cluster" (after a confirmation) and "Restart from the last save"; and
 * when the cluster was last saved. The notices of restores and restarts show beside it.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { createStore, get } from 'idb-keyval';
import type { ClusterSettings } from '../../worker/protocol';
import { DEFAULT_SETTINGS, PERSIST_DB, SETTINGS_KEY } from '../../worker/protocol';
import { PersistNotice } from '../persist/PersistNotice';
import { formatSavedAt, usePersistStore } from '../persist/persistStore';
import { workerSupervisor } from '../persist/WorkerSupervisor';
import { useWorker } from '../bridge/WorkerContext';
import { useWorkspaceStore } from '../stores/workspaceStore';
import { useAppearanceStore } from './appearance';
import './settings.css';

/** Node sizes as minikube's --cpus and --memory give them. */
export const NODE_SIZES = [
  { cpu: '2', memory: '2Gi', label: '2 CPUs, 2 GiB' },
  { cpu: '2', memory: '4Gi', label: '2 CPUs, 4 GiB (minikube default)' },
  { cpu: '4', memory: '8Gi', label: '4 CPUs, 8 GiB' },
  { cpu: '8', memory: '16Gi', label: '8 CPUs, 16 GiB' },
] as const;

const sizeKey = (s: { cpu: string; memory: string }) => `${s.cpu}/${s.memory}`;

/** The stored settings, checked: the defaults for anything unreadable. */
async function loadSettings(): Promise<ClusterSettings> {
  try {
    const v = (await get(SETTINGS_KEY, createStore(PERSIST_DB.name, PERSIST_DB.store))) as
      Partial<ClusterSettings> | undefined;
    const nodes = Number.isInteger(v?.nodes) && v!.nodes! >= 1 && v!.nodes! <= 5 ? v!.nodes! : 1;
    const size = NODE_SIZES.find(
      (s) => sizeKey(s) === sizeKey({ cpu: `${v?.cpu}`, memory: `${v?.memory}` }),
    );
    return {
      nodes,
      cpu: size?.cpu ?? DEFAULT_SETTINGS.cpu,
      memory: size?.memory ?? DEFAULT_SETTINGS.memory,
    };
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export function SettingsMenu() {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>('input, select, button')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!panel.current?.contains(t) && !button.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  return (
    <div className="settings">
      <SaveState />
      <button
        ref={button}
        type="button"
        className="toggle"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen(!open)}
      >
        Settings
      </button>
      {open && (
        <div
          ref={panel}
          id={panelId}
          className="settings-panel"
          role="dialog"
          aria-label="Settings"
        >
          <AppearanceSettings />
          <ClusterSettingsForm onDone={() => setOpen(false)} />
          <ShareLink />
        </div>
      )}
      <PersistNotice />
    </div>
  );
}

/** When the cluster was last saved (or why it was not), small in the top bar. */
function SaveState() {
  const savedAtMs = usePersistStore((s) => s.savedAtMs);
  const error = usePersistStore((s) => s.saveError);
  const restarting = usePersistStore((s) => s.restarting);
  const text = restarting
    ? 'Restarting…'
    : error
      ? 'Not saved'
      : savedAtMs === null
        ? ''
        : `Saved ${formatSavedAt(savedAtMs)}`;
  return (
    <span
      className={`save-state${error ? ' bad' : ''}`}
      data-testid="save-state"
      data-saved-at={savedAtMs ?? undefined}
      title={error ?? 'The cluster, your files and the terminal history are saved in this browser'}
      aria-live="polite"
    >
      {text}
    </span>
  );
}

function AppearanceSettings() {
  const theme = useWorkspaceStore((s) => s.theme);
  const setTheme = useWorkspaceStore((s) => s.setTheme);
  const largeText = useAppearanceStore((s) => s.largeText);
  const setLargeText = useAppearanceStore((s) => s.setLargeText);
  return (
    <fieldset>
      <legend>Appearance</legend>
      <div className="settings-row" role="radiogroup" aria-label="Theme">
        {(['dark', 'light'] as const).map((t) => (
          <label key={t}>
            <input
              type="radio"
              name="theme"
              value={t}
              checked={theme === t}
              onChange={() => setTheme(t)}
            />
            {t === 'dark' ? 'Dark' : 'Light'}
          </label>
        ))}
      </div>
      <label className="settings-row">
        <input
          type="checkbox"
          checked={largeText}
          onChange={(e) => setLargeText(e.target.checked)}
        />
        Large text (projector)
      </label>
    </fieldset>
  );
}

function ClusterSettingsForm({ onDone }: { onDone(): void }) {
  const [settings, setSettings] = useState<ClusterSettings | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const nodesId = useId();
  const sizeId = useId();

  useEffect(() => {
    let live = true;
    void loadSettings().then((s) => live && setSettings(s));
    return () => {
      live = false;
    };
  }, []);

  const supervisor = workerSupervisor();
  const current = settings ?? DEFAULT_SETTINGS;
  const run = (fn: () => Promise<void>) => {
    setBusy(true);
    void fn().finally(() => {
      setBusy(false);
      onDone();
    });
  };

  return (
    <fieldset>
      <legend>Cluster</legend>
      <div className="settings-grid">
        <label htmlFor={nodesId}>Nodes</label>
        <select
          id={nodesId}
          value={current.nodes}
          disabled={!settings}
          onChange={(e) => setSettings({ ...current, nodes: Number(e.target.value) })}
        >
          {[1, 2, 3, 4, 5].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <label htmlFor={sizeId}>Node size</label>
        <select
          id={sizeId}
          value={sizeKey(current)}
          disabled={!settings}
          onChange={(e) => {
            const size = NODE_SIZES.find((s) => sizeKey(s) === e.target.value)!;
            setSettings({ ...current, cpu: size.cpu, memory: size.memory });
          }}
        >
          {NODE_SIZES.map((s) => (
            <option key={sizeKey(s)} value={sizeKey(s)}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <p className="settings-note">Nodes and sizes apply to the next empty cluster.</p>
      {confirming ? (
        <div className="settings-confirm" role="group" aria-label="Confirm reset">
          <p>
            Delete every object in the cluster and the terminal history, and start an empty cluster
            of {current.nodes} node{current.nodes === 1 ? '' : 's'}? Your files are kept.
          </p>
          <button
            type="button"
            className="danger"
            disabled={busy || !supervisor}
            onClick={() => run(() => supervisor!.reset(current))}
          >
            Reset
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="settings-row">
          <button type="button" disabled={!supervisor} onClick={() => setConfirming(true)}>
            Reset to empty cluster…
          </button>
          <button
            type="button"
            disabled={busy || !supervisor}
            title="Stop the cluster and start it again from its last save"
            onClick={() => run(() => supervisor!.restartFromSave())}
          >
            Restart from last save
          </button>
        </div>
      )}
    </fieldset>
  );
}

/** "Share link": a link that rebuilds this cluster's own objects and the files elsewhere. */
function ShareLink() {
  const client = useWorker();
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const make = () => {
    setError(null);
    setCopied(false);
    void loadSettings()
      .then(async (settings) => {
        const { createShareLink } = await import('../persist/shareScenario');
        setLink(await createShareLink(client, settings));
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  return (
    <fieldset>
      <legend>Share</legend>
      <button type="button" onClick={make}>
        Make a share link
      </button>
      {link && (
        <div className="settings-row">
          <input
            className="share-link"
            readOnly
            aria-label="Share link"
            value={link}
            onFocus={(e) => e.target.select()}
          />
          <button
            type="button"
            onClick={() =>
              void navigator.clipboard.writeText(link).then(
                () => setCopied(true),
                () => setError('the browser refused the clipboard: copy the link by hand'),
              )
            }
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
      )}
      {error && (
        <p className="settings-note bad" role="alert">
          No link: {error}.
        </p>
      )}
      <p className="settings-note">
        The link holds your objects and files (not the cluster&apos;s state); it never leaves this
        browser until you share it.
      </p>
    </fieldset>
  );
}
