/**
 * The syntax tree of the POSIX sh subset: what the parser builds and the interpreter walks.
 * Words keep their quoting, because expansion and field splitting depend on it.
 */

export type WordPart =
  /** Literal text; `quoted` text is never split into fields nor matched as a glob. */
  | { k: 'lit'; v: string; quoted: boolean }
  | {
      k: 'param';
      name: string;
      /** `${#name}` */
      length?: boolean;
      /** `:-` `-` `:=` `=` `:+` `+` `:?` `?` `#` `##` `%` `%%` */
      op?: string;
      arg?: Word;
      quoted: boolean;
    }
  | { k: 'cmdsub'; body: List; quoted: boolean }
  | { k: 'arith'; expr: Word; quoted: boolean };

export interface Word {
  parts: WordPart[];
  /** The source text, for reserved words, `case` patterns and `ps`. */
  raw: string;
}

export type RedirOp = '>' | '>>' | '<' | '>&' | '<&' | '<<' | '<<-' | '<>' | '>|';

export interface Redir {
  fd: number;
  op: RedirOp;
  target: Word;
  /** Here-document body: expanded unless the delimiter was quoted. */
  heredoc?: { body: string; expand: boolean };
}

export interface Assign {
  name: string;
  value: Word;
}

export interface SimpleCommand {
  type: 'simple';
  assigns: Assign[];
  words: Word[];
  redirs: Redir[];
  line: number;
}

export interface Pipeline {
  type: 'pipeline';
  bang: boolean;
  cmds: Command[];
}

export interface AndOr {
  type: 'andor';
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
}

export interface List {
  type: 'list';
  items: { node: AndOr; bg: boolean }[];
}

export interface Group {
  type: 'group';
  subshell: boolean;
  body: List;
  redirs: Redir[];
}

export interface If {
  type: 'if';
  clauses: { cond: List; body: List }[];
  elseBody?: List;
  redirs: Redir[];
}

export interface Loop {
  type: 'loop';
  until: boolean;
  cond: List;
  body: List;
  redirs: Redir[];
}

export interface For {
  type: 'for';
  name: string;
  /** Undefined means `"$@"`. */
  words?: Word[];
  body: List;
  redirs: Redir[];
}

export interface Case {
  type: 'case';
  word: Word;
  items: { patterns: Word[]; body: List }[];
  redirs: Redir[];
}

export interface FuncDef {
  type: 'func';
  name: string;
  body: Command;
}

export type Command = SimpleCommand | Group | If | Loop | For | Case | FuncDef;
export type Node = Command | Pipeline | AndOr | List;
