/**
 * The terminal: xterm.js sized to its panel by the fit addon. Keys go to the Worker's shell
 * session; its output is written back as it comes.
 */
import { useEffect, useRef } from 'react';
import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useWorker } from '../bridge/WorkerContext';
import { useAppearanceStore } from '../settings/appearance';
import { TERMINAL_THEMES, terminalFontSize } from '../settings/terminalTheme';
import { useWorkspaceStore } from '../stores/workspaceStore';
import { objectLinkProvider } from '../inspector/terminalLinks';

export function TerminalPanel() {
  const client = useWorker();
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const term = new Terminal({
      cursorBlink: true,
      fontFamily: "'DejaVu Sans Mono', 'Menlo', 'Consolas', monospace",
      fontSize: terminalFontSize(useAppearanceStore.getState().largeText),
      scrollback: 5000,
      theme: TERMINAL_THEMES[useWorkspaceStore.getState().theme],
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    // http(s) links open in a new tab; `pod/web-1` and table names select the object.
    term.loadAddon(new WebLinksAddon());
    const links = term.registerLinkProvider(objectLinkProvider(term));
    const resize = () => {
      // The panel may be hidden or not laid out yet; fit only a box with a size.
      if (!el.clientWidth || !el.clientHeight) return;
      fit.fit();
      client.resize(term.cols, term.rows);
    };
    resize();
    const observer = new ResizeObserver(resize);
    observer.observe(el);
    const input = term.onData((data) => client.input(data));
    const stop = client.onOutput((data) => term.write(data));
    term.focus();
    // The page's theme and text size, followed live.
    const stopTheme = useWorkspaceStore.subscribe((s) => {
      term.options.theme = TERMINAL_THEMES[s.theme];
    });
    const stopSize = useAppearanceStore.subscribe((s) => {
      term.options.fontSize = terminalFontSize(s.largeText);
      resize();
    });
    return () => {
      stopTheme();
      stopSize();
      stop();
      input.dispose();
      links.dispose();
      observer.disconnect();
      term.dispose();
    };
  }, [client]);

  return (
    <section className="panel terminal-panel" aria-label="Terminal">
      <div className="terminal-host" ref={host} data-testid="terminal" />
    </section>
  );
}
