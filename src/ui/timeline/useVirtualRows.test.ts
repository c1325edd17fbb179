import { describe, expect, it } from 'vitest';
import { bottomScrollTop, visibleRange } from './useVirtualRows';

describe('visibleRange', () => {
  it('renders the rows in view plus the overscan, not the whole list', () => {
    // 1,000 rows of 20 px, a 200 px viewport scrolled to row 100.
    expect(visibleRange(2000, 200, 20, 1000, 5)).toEqual({ start: 95, end: 115 });
  });

  it('counts a row cut by the top or the bottom edge as in view', () => {
    expect(visibleRange(2010, 200, 20, 1000, 0)).toEqual({ start: 100, end: 111 });
  });

  it('stops at the ends of the list', () => {
    expect(visibleRange(0, 200, 20, 1000, 5)).toEqual({ start: 0, end: 15 });
    expect(visibleRange(bottomScrollTop(1000, 20, 200), 200, 20, 1000, 5)).toEqual({
      start: 985,
      end: 1000,
    });
  });

  it('renders every row of a list shorter than the viewport', () => {
    expect(visibleRange(0, 500, 20, 7, 5)).toEqual({ start: 0, end: 7 });
  });

  it('shows the last rows of a list that got shorter while scrolled past its new end', () => {
    // Scrolled to row 900, then a filter leaves 50 rows.
    expect(visibleRange(18_000, 200, 20, 50, 2)).toEqual({ start: 38, end: 50 });
  });

  it('renders some rows before the list has a height, and none of an empty list', () => {
    const r = visibleRange(0, 0, 20, 1000, 5);
    expect(r.start).toBe(0);
    expect(r.end).toBeGreaterThan(0);
    expect(r.end).toBeLessThan(100);
    expect(visibleRange(0, 200, 20, 0, 5)).toEqual({ start: 0, end: 0 });
  });

  it('handles rows of fractional height', () => {
    // 57.5 px rows (em-sized), scrolled to the middle of row 10.
    expect(visibleRange(10.5 * 57.5, 300, 57.5, 1000, 0)).toEqual({ start: 10, end: 16 });
  });
});

describe('bottomScrollTop', () => {
  it('is the scroll position that shows the last row at the bottom, 0 for a short list', () => {
    expect(bottomScrollTop(1000, 20, 200)).toBe(19_800);
    expect(bottomScrollTop(5, 20, 200)).toBe(0);
  });
});
