/**
 * The notice of what became of the saved cluster: restored, discarded, or stopped and restarting.
 * Alerts stay until dismissed; other notices leave after a while. Text only (a reason may quote
 * the cluster).
 */
import { useEffect } from 'react';
import { usePersistStore } from './persistStore';
import './persist.css';

const INFO_MS = 8000;

export function PersistNotice() {
  const notice = usePersistStore((s) => s.notice);
  const dismiss = usePersistStore((s) => s.dismiss);

  useEffect(() => {
    if (notice?.tone !== 'info') return;
    const t = setTimeout(dismiss, INFO_MS);
    return () => clearTimeout(t);
  }, [notice, dismiss]);

  if (!notice) return null;
  return (
    <div
      className={`persist-notice ${notice.tone}`}
      role={notice.tone === 'alert' ? 'alert' : 'status'}
      data-testid="persist-notice"
    >
      <span>{notice.text}</span>
      <button type="button" aria-label="Dismiss notice" onClick={dismiss}>
        ×
      </button>
    </div>
  );
}
