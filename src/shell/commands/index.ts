/** Every command the shell knows, by name. */
import { awk } from './awk';
import { CORE } from './core';
import { FILES } from './files';
import { jq } from './jq';
import { jobs, kill } from './jobs';
import { kubectl } from './kubectl';
import { minikube } from './minikube';
import { curl, wget } from './net';
import { TEXT } from './text';
import type { Cmd } from './types';
import { watch } from './watch';

export const COMMANDS: Record<string, Cmd> = {
  ...CORE,
  ...FILES,
  ...TEXT,
  awk,
  jq,
  curl,
  wget,
  watch,
  minikube,
  kubectl,
  jobs,
  kill,
};
