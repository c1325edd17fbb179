/** `jobs` and `kill %N`: the background jobs started with `&` (a port-forward, a watch). */
import type { Cmd } from './types';

export const jobs: Cmd = ({ out, session }) => {
  const list = session.jobs;
  list.forEach((j, i) => {
    const mark = i === list.length - 1 ? '+' : i === list.length - 2 ? '-' : ' ';
    const state = j.done ? (j.status === 0 ? 'Done' : `Exit ${j.status}`) : 'Running';
    out(`[${j.id}]${mark}  ${state}\n`);
  });
  // Finished jobs are reported once, as bash does.
  for (let i = list.length - 1; i >= 0; i--) if (list[i].done) list.splice(i, 1);
  return 0;
};

export const kill: Cmd = ({ argv, err, session }) => {
  const targets = argv.slice(1).filter((a) => !/^-(\d+|[A-Z]+)$/.test(a));
  if (!targets.length) {
    err(
      'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n',
    );
    return 2;
  }
  let status = 0;
  for (const t of targets) {
    const m = /^%(\d+)$/.exec(t);
    const job = m
      ? session.jobs.find((j) => j.id === Number(m[1]) && !j.done)
      : session.jobs.find((j) => String(j.pid) === t && !j.done);
    if (!job) {
      err(m ? `bash: kill: ${t}: no such job\n` : `bash: kill: (${t}) - No such process\n`);
      status = 1;
      continue;
    }
    job.controller.abort();
  }
  return status;
};
