/** The colour a STATUS cell gets: fine, on its way, or in trouble. Text is shown as printed. */
export type Tone = 'ok' | 'progress' | 'bad';

const OK = new Set(['Running', 'Completed', 'Succeeded', 'Ready', 'Active', 'Bound']);
const PROGRESS = new Set([
  'Pending',
  'ContainerCreating',
  'PodInitializing',
  'Terminating',
  'NotReady',
  'Ready,SchedulingDisabled',
]);

export function statusTone(status: string): Tone {
  if (OK.has(status)) return 'ok';
  if (PROGRESS.has(status) || (status.startsWith('Init:') && !/Err|BackOff|Error/.test(status))) {
    return 'progress';
  }
  return 'bad';
}
