/**
 * The golden suite of the mutating commands (cases in cases-mutate.ts), on twin clusters
 * (twins.ts): outputs are compared after the same normalisation as golden.test.ts, plus klog's
 * time and pid prefix.
 */
import { MUTATE_CASES } from './cases-mutate';
import { twinSuite } from './twins';

twinSuite('golden: mutating commands, ours against the real kubectl', 'mutate', MUTATE_CASES);
