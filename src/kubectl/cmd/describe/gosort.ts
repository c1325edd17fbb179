/**
 * Go's sort.Sort (pattern-defeating quicksort, Go 1.19+), step for step: it is not stable, and
 * kubectl sorts events with it, so equal timestamps come out in Go's order only if the same
 * algorithm orders them.
 */
const MASK = (1n << 64n) - 1n;

function bitsLen(n: number): number {
  return n <= 0 ? 0 : Math.floor(Math.log2(n)) + 1;
}

/** Sorts `data` in place by `less` exactly as sort.Sort would. */
export function goSortInPlace<T>(data: T[], less: (a: T, b: T) => boolean): void {
  const n = data.length;
  if (n <= 1) return;
  const lessAt = (i: number, j: number) => less(data[i], data[j]);
  const swap = (i: number, j: number) => {
    const t = data[i];
    data[i] = data[j];
    data[j] = t;
  };
  const insertionSort = (a: number, b: number) => {
    for (let i = a + 1; i < b; i++) for (let j = i; j > a && lessAt(j, j - 1); j--) swap(j, j - 1);
  };
  const siftDown = (lo: number, hi: number, first: number) => {
    let root = lo;
    for (;;) {
      let child = 2 * root + 1;
      if (child >= hi) return;
      if (child + 1 < hi && lessAt(first + child, first + child + 1)) child++;
      if (!lessAt(first + root, first + child)) return;
      swap(first + root, first + child);
      root = child;
    }
  };
  const heapSort = (a: number, b: number) => {
    const first = a;
    const hi = b - a;
    for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) siftDown(i, hi, first);
    for (let i = hi - 1; i >= 0; i--) {
      swap(first, first + i);
      siftDown(0, i, first);
    }
  };
  const order2 = (a: number, b: number, s: { n: number }): [number, number] => {
    if (lessAt(b, a)) {
      s.n++;
      return [b, a];
    }
    return [a, b];
  };
  const median = (a0: number, b0: number, c0: number, s: { n: number }) => {
    const [a1, b1] = order2(a0, b0, s);
    const [b2] = order2(b1, c0, s);
    return order2(a1, b2, s)[1];
  };
  const choosePivot = (a: number, b: number): [number, number] => {
    const l = b - a;
    const s = { n: 0 };
    let i = a + Math.trunc(l / 4) * 1;
    let j = a + Math.trunc(l / 4) * 2;
    let k = a + Math.trunc(l / 4) * 3;
    if (l >= 8) {
      if (l >= 50) {
        i = median(i - 1, i, i + 1, s);
        j = median(j - 1, j, j + 1, s);
        k = median(k - 1, k, k + 1, s);
      }
      j = median(i, j, k, s);
    }
    // hints: 0 unknown, 1 increasing, 2 decreasing
    if (s.n === 0) return [j, 1];
    if (s.n === 12) return [j, 2];
    return [j, 0];
  };
  const reverseRange = (a: number, b: number) => {
    for (let i = a, j = b - 1; i < j; i++, j--) swap(i, j);
  };
  const partialInsertionSort = (a: number, b: number): boolean => {
    let i = a + 1;
    for (let step = 0; step < 5; step++) {
      while (i < b && !lessAt(i, i - 1)) i++;
      if (i === b) return true;
      if (b - a < 50) return false;
      swap(i, i - 1);
      if (i - a >= 2) {
        for (let j = i - 1; j >= 1; j--) {
          if (!lessAt(j, j - 1)) break;
          swap(j, j - 1);
        }
      }
      if (b - i >= 2) {
        for (let j = i + 1; j < b; j++) {
          if (!lessAt(j, j - 1)) break;
          swap(j, j - 1);
        }
      }
    }
    return false;
  };
  const breakPatterns = (a: number, b: number) => {
    const length = b - a;
    if (length >= 8) {
      let r = BigInt(length);
      const next = () => {
        r ^= (r << 13n) & MASK;
        r ^= r >> 7n;
        r ^= (r << 17n) & MASK;
        return r;
      };
      const modulus = BigInt(2 ** bitsLen(length));
      const idx = a + Math.trunc(length / 4) * 2 - 1;
      for (let i = 0; i < 3; i++) {
        let other = Number(next() & (modulus - 1n));
        if (other >= length) other -= length;
        swap(idx - 1 + i, a + other);
      }
    }
  };
  const partitionEqual = (a: number, b: number, pivot: number): number => {
    swap(a, pivot);
    let i = a + 1;
    let j = b - 1;
    for (;;) {
      while (i <= j && !lessAt(a, i)) i++;
      while (i <= j && lessAt(a, j)) j--;
      if (i > j) break;
      swap(i, j);
      i++;
      j--;
    }
    return i;
  };
  const partition = (a: number, b: number, pivot: number): [number, boolean] => {
    swap(a, pivot);
    let i = a + 1;
    let j = b - 1;
    while (i <= j && lessAt(i, a)) i++;
    while (i <= j && !lessAt(j, a)) j--;
    if (i > j) {
      swap(j, a);
      return [j, true];
    }
    swap(i, j);
    i++;
    j--;
    for (;;) {
      while (i <= j && lessAt(i, a)) i++;
      while (i <= j && !lessAt(j, a)) j--;
      if (i > j) break;
      swap(i, j);
      i++;
      j--;
    }
    swap(j, a);
    return [j, false];
  };
  const pdqsort = (a: number, b: number, limit: number): void => {
    let wasBalanced = true;
    let wasPartitioned = true;
    for (;;) {
      const length = b - a;
      if (length <= 12) {
        insertionSort(a, b);
        return;
      }
      if (limit === 0) {
        heapSort(a, b);
        return;
      }
      if (!wasBalanced) {
        breakPatterns(a, b);
        limit--;
      }
      let [pivot, hint] = choosePivot(a, b);
      if (hint === 2) {
        reverseRange(a, b);
        pivot = b - 1 - (pivot - a);
        hint = 1;
      }
      if (wasBalanced && wasPartitioned && hint === 1) {
        if (partialInsertionSort(a, b)) return;
      }
      if (a > 0 && !lessAt(a - 1, pivot)) {
        a = partitionEqual(a, b, pivot);
        continue;
      }
      const [mid, already] = partition(a, b, pivot);
      wasPartitioned = already;
      const leftLen = mid - a;
      const rightLen = b - mid;
      const threshold = Math.trunc(length / 8);
      if (leftLen < rightLen) {
        wasBalanced = leftLen >= threshold;
        pdqsort(a, mid, limit);
        a = mid + 1;
      } else {
        wasBalanced = rightLen >= threshold;
        pdqsort(mid + 1, b, limit);
        b = mid;
      }
    }
  };
  pdqsort(0, n, bitsLen(n));
}
