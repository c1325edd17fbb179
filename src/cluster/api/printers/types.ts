import type { KubeObject } from '../types';

/** metav1.TableColumnDefinition. `priority: 1` columns are the `-o wide` ones; kubectl hides them otherwise. */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** metav1.TableRowCondition, as upstream marks completed and failed pods. */
export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** What a row may depend on besides the object: the virtual wall clock, for AGE and the like. */
export interface PrintContext {
  /** Virtual wall time in ms since 1970. */
  now: number;
}

/** One kind's columns and its row function; rows always carry every column (wide included). */
export interface TablePrinter {
  columns: TableColumnDefinition[];
  row(obj: KubeObject, ctx: PrintContext): unknown[];
  /** Row conditions, for the kinds upstream sets them on (pods). */
  conditions?(obj: KubeObject): TableRowCondition[] | undefined;
}
