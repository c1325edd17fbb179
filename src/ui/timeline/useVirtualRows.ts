/**
 * Windowing for a scrolled list of same-height rows: only the rows in view, plus a few either
 * side so a scroll never shows a gap, are rendered. The list keeps the whole height (so the
 * scroll bar and keyboard scrolling behave as if every row were there) and can follow the
 * newest row at the bottom.
 */
import { useCallback, useLayoutEffect, useState } from 'react';

/** Rows `start` (inclusive) to `end` (exclusive). */
export interface RowRange {
  start: number;
  end: number;
}

/** Before the list has a height (a hidden tab, a test without layout): rows as if it had this. */
const UNMEASURED_VIEWPORT_ROWS = 20;

/**
 * Pure: the rows to render for a list of `count` rows of `rowHeight` px scrolled to `scrollTop`
 * in a viewport `viewport` px high, with `overscan` extra rows above and below.
 */
export function visibleRange(
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  count: number,
  overscan: number,
): RowRange {
  if (count <= 0 || !(rowHeight > 0)) return { start: 0, end: 0 };
  const height = viewport > 0 ? viewport : UNMEASURED_VIEWPORT_ROWS * rowHeight;
  // A list that just got shorter (a filter) may still be scrolled past its end.
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, count * rowHeight - height));
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + height) / rowHeight);
  return {
    start: Math.max(0, first - overscan),
    end: Math.min(count, last + overscan),
  };
}

/** Pure: the scroll position that shows the last row at the bottom. */
export function bottomScrollTop(count: number, rowHeight: number, viewport: number): number {
  return Math.max(0, count * rowHeight - viewport);
}

export interface VirtualRows extends RowRange {
  /** The height of one row, as measured (the estimate until a row was laid out). */
  rowHeight: number;
  /** The height of all rows together, for the list's scrollable size. */
  totalHeight: number;
  /** Put on the scrolling element. */
  scrollerRef(el: HTMLElement | null): void;
  /** Call from the scrolling element's scroll handler. */
  onScroll(): void;
  /** Put on one rendered row: its height is every row's (it changes with the text size). */
  measureRow(el: HTMLElement | null): void;
}

/**
 * While `followBottom`, the list is kept scrolled to its end and the range is the last rows'
 * whatever the element's scroll position said, so a new row shows in the frame it arrives.
 */
export function useVirtualRows(
  count: number,
  opts: { estimatedRowHeight: number; overscan: number; followBottom: boolean },
): VirtualRows {
  const [scroller, setScroller] = useState<HTMLElement | null>(null);
  const [row, setRow] = useState<HTMLElement | null>(null);
  const [rowHeight, setRowHeight] = useState(opts.estimatedRowHeight);
  const [viewport, setViewport] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);

  // The viewport's height follows the panel's size (separators, window resizes).
  useLayoutEffect(() => {
    if (!scroller) return;
    setViewport(scroller.clientHeight);
    if (typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(() => setViewport(scroller.clientHeight));
    observer.observe(scroller);
    return () => observer.disconnect();
  }, [scroller]);

  // One row's height: rows are sized in em, so the large-text setting changes it.
  useLayoutEffect(() => {
    if (!row) return;
    const measure = () => {
      const h = row.getBoundingClientRect().height;
      // A row scrolled out of the range is detached and measures 0: keep the last height.
      if (h > 0) setRowHeight(h);
    };
    measure();
    if (typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(measure);
    observer.observe(row);
    return () => observer.disconnect();
  }, [row]);

  const totalHeight = count * rowHeight;
  const { followBottom } = opts;
  useLayoutEffect(() => {
    if (scroller && followBottom) scroller.scrollTop = scroller.scrollHeight;
  }, [scroller, followBottom, totalHeight, viewport]);

  const onScroll = useCallback(() => {
    if (scroller) setScrollTop(scroller.scrollTop);
  }, [scroller]);
  const measureRow = useCallback((el: HTMLElement | null) => {
    if (el) setRow(el);
  }, []);

  const top = followBottom ? bottomScrollTop(count, rowHeight, viewport) : scrollTop;
  const range = visibleRange(top, viewport, rowHeight, count, opts.overscan);
  return { ...range, rowHeight, totalHeight, scrollerRef: setScroller, onScroll, measureRow };
}
