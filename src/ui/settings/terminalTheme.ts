/**
 * xterm.js colours for each page theme. The 16 ANSI colours are chosen for contrast on each
 * background (kubectl and the shell print bold, red and green): every foreground used for text
 * keeps at least 4.5:1.
 */
import type { ITheme } from '@xterm/xterm';
import type { Theme } from '../stores/workspaceStore';

export const TERMINAL_THEMES: Record<Theme, ITheme> = {
  dark: {
    background: '#11151c',
    foreground: '#d8dee9',
    cursor: '#d8dee9',
    cursorAccent: '#11151c',
    selectionBackground: '#3b4b63',
    black: '#3b4252',
    red: '#ff7b7b',
    green: '#6fd39a',
    yellow: '#ebcb8b',
    blue: '#81a9ff',
    magenta: '#d59fe0',
    cyan: '#88d0e0',
    white: '#e5e9f0',
    brightBlack: '#8a94a6',
    brightRed: '#ff9a9a',
    brightGreen: '#8fe0b0',
    brightYellow: '#f3d9a4',
    brightBlue: '#a3c0ff',
    brightMagenta: '#e2b8ea',
    brightCyan: '#a6e0ec',
    brightWhite: '#ffffff',
  },
  light: {
    background: '#ffffff',
    foreground: '#1b2330',
    cursor: '#1b2330',
    cursorAccent: '#ffffff',
    selectionBackground: '#c7d7f5',
    black: '#1b2330',
    red: '#b42a26',
    green: '#17784a',
    yellow: '#835a00',
    blue: '#245fc7',
    magenta: '#8e3fa0',
    cyan: '#0f6f80',
    white: '#5b6577',
    brightBlack: '#5b6577',
    brightRed: '#a02420',
    brightGreen: '#136a41',
    brightYellow: '#704d00',
    brightBlue: '#1f52ad',
    brightMagenta: '#7a358a',
    brightCyan: '#0c5f6e',
    brightWhite: '#1b2330',
  },
};

/** The terminal's font size: 14 px, 18 px with large text. */
export function terminalFontSize(largeText: boolean): number {
  return largeText ? 18 : 14;
}
