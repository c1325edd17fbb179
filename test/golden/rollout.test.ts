/**
 * The golden suite of replace, expose, set, rollout, autoscale, edit, diff and create secret
 * tls (cases in cases-rollout.ts), on their own twin clusters (twins.ts).
 */
import { ROLLOUT_CASES } from './cases-rollout';
import { twinSuite } from './twins';

twinSuite('golden: rollout and friends, ours against the real kubectl', 'rollout', ROLLOUT_CASES);
