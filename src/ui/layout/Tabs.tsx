/** A row of tabs (ARIA tablist) above a panel; arrow keys move between them. */
import type { KeyboardEvent } from 'react';

export interface TabsProps<T extends string> {
  label: string;
  tabs: readonly { id: T; title: string }[];
  current: T;
  onChange(id: T): void;
}

export function Tabs<T extends string>({ label, tabs, current, onChange }: TabsProps<T>) {
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = tabs.findIndex((t) => t.id === current);
    const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    onChange(next.id);
    e.preventDefault();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKey}>
      {tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          aria-selected={t.id === current}
          tabIndex={t.id === current ? 0 : -1}
          className={t.id === current ? 'tab active' : 'tab'}
          onClick={() => onChange(t.id)}
        >
          {t.title}
        </button>
      ))}
    </div>
  );
}
