/**
 * The shell's syntax tree. Words keep their quoting as parts, so expansion knows which text
 * is split into fields and globbed and which is taken as it stands.
 */

export type WordPart =
  | { k: 'lit'; v: string; q: boolean }
  | { k: 'param'; name: string; q: boolean; op?: string; arg?: Word }
  | { k: 'cmd'; src: string; q: boolean }
  | { k: 'arith'; src: string; q: boolean }
  | { k: 'tilde'; user: string };

export interface Word {
  parts: WordPart[];
  /** The word as typed, for alias lookup and error messages. */
  raw: string;
}

export interface Redirect {
  fd: number;
  op: '>' | '>>' | '<' | '>&' | '<&' | '&>' | '&>>' | '<<' | '<<-' | '<<<';
  target: Word;
  /** Here-document body; `quoted` when its delimiter was quoted (no expansion). */
  heredoc?: { body: string; quoted: boolean };
}

export interface SimpleCommand {
  type: 'simple';
  assigns: { name: string; value: Word; append: boolean }[];
  words: Word[];
  redirects: Redirect[];
}

export interface ForCommand {
  type: 'for';
  name: string;
  items: Word[] | undefined;
  body: List;
  redirects: Redirect[];
}

export interface WhileCommand {
  type: 'while';
  until: boolean;
  cond: List;
  body: List;
  redirects: Redirect[];
}

export interface IfCommand {
  type: 'if';
  branches: { cond: List; body: List }[];
  orElse?: List;
  redirects: Redirect[];
}

export interface GroupCommand {
  type: 'group';
  subshell: boolean;
  body: List;
  redirects: Redirect[];
}

export type Command = SimpleCommand | ForCommand | WhileCommand | IfCommand | GroupCommand;

export interface Pipeline {
  bang: boolean;
  commands: Command[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
  background: boolean;
}

export type List = AndOr[];
