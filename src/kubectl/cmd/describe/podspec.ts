/**
 * The parts of a pod that pods and every workload describe: containers (image, ports, command,
 * state, resources, probes, environment, mounts), volumes and the pod template.
 */
import type { Any } from './format';
import {
  goCompare,
  goValue,
  intOrString,
  parseQ,
  printBool,
  printLabelsMultiline,
  printAnnotationsMultiline,
  printTolerationsMultiline,
  quantity,
  rfc1123z,
  sortedKeys,
  str,
  stringOrNone,
} from './format';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3 } from './writer';
import type { PrefixWriter } from './writer';
import { formatLabelSelector } from '../../../cluster/api/printers/helpers';

/** Resolves an env var's fieldRef against the pod (EnvValueRetriever). */
export type EnvResolver = (fieldPath: string) => string;

export function envValueRetriever(pod: Any): EnvResolver {
  // Only the two field labels every kind converts (DefaultMetaV1FieldSelectorConversion)
  // resolve in kubectl's scheme; the rest print empty, as the real one does.
  return (path) => {
    if (path === 'metadata.name') return str(pod.metadata?.name);
    if (path === 'metadata.namespace') return str(pod.metadata?.namespace);
    return '';
  };
}

function containerPorts(ports: Any[] | undefined, host: boolean): string {
  return (ports ?? [])
    .map((p) => {
      return `${host ? (p.hostPort ?? 0) : (p.containerPort ?? 0)}/${str(p.protocol)}`;
    })
    .join(', ');
}

/** DescribeProbe. */
export function describeProbe(p: Any): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec ${goValue(p.exec.command ?? [])} ${attrs}`;
  if (p.httpGet) {
    const h = p.httpGet;
    const scheme = str(h.scheme).toLowerCase();
    const port = intOrString(h.port);
    const hostName = str(h.host);
    const host = port
      ? hostName.includes(':')
        ? `[${hostName}]:${port}`
        : `${hostName}:${port}`
      : hostName;
    let path = str(h.path);
    if (path && !path.startsWith('/') && host) path = '/' + path;
    let url = '';
    if (scheme) url += scheme + ':';
    if (scheme || host) url += '//' + host;
    url += path;
    return `http-get ${url} ${attrs}`;
  }
  if (p.tcpSocket)
    return `tcp-socket ${str(p.tcpSocket.host)}:${intOrString(p.tcpSocket.port)} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port ?? 0} ${str(p.grpc.service)} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeResources(res: Any, w: PrefixWriter, level: number): void {
  if (!res) return;
  const limits = res.limits ?? {};
  const requests = res.requests ?? {};
  if (Object.keys(limits).length > 0) w.write(level, 'Limits:\n');
  for (const k of sortedKeys(limits)) w.write(level + 1, `${k}:\t${quantity(limits[k])}\n`);
  if (Object.keys(requests).length > 0) w.write(level, 'Requests:\n');
  for (const k of sortedKeys(requests)) w.write(level + 1, `${k}:\t${quantity(requests[k])}\n`);
}

function describeStatus(name: string, state: Any, w: PrefixWriter): void {
  if (state?.running) {
    w.write(LEVEL_2, `${name}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${name}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if ((t.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
  }
}

/** ExtractContainerResourceValue for resourceFieldRef env vars. */
function containerResourceValue(ref: Any, c: Any): string {
  const resource = str(ref.resource);
  const [kind, name] = resource.split('.');
  const list = kind === 'limits' ? c.resources?.limits : c.resources?.requests;
  const q = parseQ(list?.[name]);
  const divisor = parseQ(ref.divisor);
  if (name === 'cpu') {
    const d = divisor && divisor.milli !== 0 ? divisor.milli : 1000;
    return String(Math.ceil((q?.milli ?? 0) / d));
  }
  if (name === 'memory' || name === 'ephemeral-storage') {
    const d = divisor && divisor.value !== 0 ? Math.ceil(divisor.value) : 1;
    return String(Math.ceil(Math.ceil(q?.value ?? 0) / d));
  }
  return '';
}

function describeEnvVars(c: Any, resolve: EnvResolver | undefined, w: PrefixWriter): void {
  const env: Any[] = c.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const from = e.valueFrom;
    if (!from) {
      str(e.value)
        .split('\n')
        .forEach((s, i) => w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    if (from.fieldRef) {
      const v = resolve ? resolve(str(from.fieldRef.fieldPath)) : '';
      w.write(
        LEVEL_3,
        `${e.name}:\t${v} (${str(from.fieldRef.apiVersion)}:${str(from.fieldRef.fieldPath)})\n`,
      );
    } else if (from.resourceFieldRef) {
      let v = containerResourceValue(from.resourceFieldRef, c);
      const r = str(from.resourceFieldRef.resource);
      if (v === '0' && (r === 'limits.cpu' || r === 'limits.memory')) v = 'node allocatable';
      w.write(LEVEL_3, `${e.name}:\t${v} (${r})\n`);
    } else if (from.secretKeyRef) {
      const k = from.secretKeyRef;
      w.write(
        LEVEL_3,
        `${e.name}:\t<set to the key '${str(k.key)}' in secret '${str(k.name)}'>\tOptional: ${k.optional === true}\n`,
      );
    } else if (from.configMapKeyRef) {
      const k = from.configMapKeyRef;
      w.write(
        LEVEL_3,
        `${e.name}:\t<set to the key '${str(k.key)}' of config map '${str(k.name)}'>\tOptional: ${k.optional === true}\n`,
      );
    }
  }
}

function describeEnvFrom(c: Any, w: PrefixWriter): void {
  const list: Any[] = c.envFrom ?? [];
  w.write(LEVEL_2, `Environment Variables from:${list.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of list) {
    let from = '';
    let name = '';
    let optional = false;
    if (e.configMapRef) {
      from = 'ConfigMap';
      name = str(e.configMapRef.name);
      optional = e.configMapRef.optional === true;
    } else if (e.secretRef) {
      from = 'Secret';
      name = str(e.secretRef.name);
      optional = e.secretRef.optional === true;
    }
    if (!e.prefix) w.write(LEVEL_3, `${name}\t${from}\tOptional: ${optional}\n`);
    else w.write(LEVEL_3, `${name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
  }
}

function describeContainerVolumes(c: Any, w: PrefixWriter): void {
  const mounts: Any[] = [...(c.volumeMounts ?? [])];
  const none = mounts.length === 0 ? '\t<none>' : '';
  w.write(LEVEL_2, `Mounts:${none}\n`);
  mounts.sort((a, b) => goCompare(str(a.mountPath), str(b.mountPath)));
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`);
    w.write(LEVEL_3, `${str(m.mountPath)} from ${str(m.name)} (${flags.join(',')})\n`);
  }
  const devices: Any[] = [...(c.volumeDevices ?? [])];
  if (devices.length > 0) {
    w.write(LEVEL_2, `Devices:${none}\n`);
    devices.sort((a, b) => goCompare(str(a.devicePath), str(b.devicePath)));
    for (const d of devices) w.write(LEVEL_3, `${str(d.devicePath)} from ${str(d.name)}\n`);
  }
}

/** describeContainers: the "Containers:" section (with statuses for pods, none for templates). */
export function describeContainers(
  label: string,
  containers: Any[] | undefined,
  statuses: Any[] | undefined,
  resolve: EnvResolver | undefined,
  w: PrefixWriter,
  space: string,
): void {
  const byName = new Map<string, Any>();
  for (const s of statuses ?? []) byName.set(s.name, s);
  const list = containers ?? [];
  w.write(LEVEL_0, `${space}${label}:${list.length === 0 ? ' <none>' : ''}\n`);
  for (const c of list) {
    const status = byName.get(c.name);
    const nameIndent = space.length > 0 ? ' ' : '';
    w.write(LEVEL_1, `${nameIndent}${c.name}:\n`);
    if (status) w.write(LEVEL_2, `Container ID:\t${str(status.containerID)}\n`);
    w.write(LEVEL_2, `Image:\t${str(c.image)}\n`);
    if (status) w.write(LEVEL_2, `Image ID:\t${str(status.imageID)}\n`);
    const ports = containerPorts(c.ports, false);
    if (ports.includes(',')) w.write(LEVEL_2, `Ports:\t${ports}\n`);
    else w.write(LEVEL_2, `Port:\t${stringOrNone(ports)}\n`);
    const hostPorts = containerPorts(c.ports, true);
    if (hostPorts.includes(',')) w.write(LEVEL_2, `Host Ports:\t${hostPorts}\n`);
    else w.write(LEVEL_2, `Host Port:\t${stringOrNone(hostPorts)}\n`);
    const seccomp = c.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_2, `SeccompProfile:\t${str(seccomp.type)}\n`);
      if (seccomp.type === 'Localhost')
        w.write(LEVEL_3, `LocalhostProfile:\t${str(seccomp.localhostProfile)}\n`);
    }
    if ((c.command ?? []).length > 0) {
      w.write(LEVEL_2, 'Command:\n');
      for (const x of c.command) for (const s of str(x).split('\n')) w.write(LEVEL_3, `${s}\n`);
    }
    if ((c.args ?? []).length > 0) {
      w.write(LEVEL_2, 'Args:\n');
      for (const x of c.args) for (const s of str(x).split('\n')) w.write(LEVEL_3, `${s}\n`);
    }
    if (status) {
      describeStatus('State', status.state, w);
      if (status.lastState?.terminated) describeStatus('Last State', status.lastState, w);
      w.write(LEVEL_2, `Ready:\t${printBool(status.ready)}\n`);
      w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
    }
    describeResources(c.resources ?? {}, w, LEVEL_2);
    if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    if ((c.envFrom ?? []).length > 0) describeEnvFrom(c, w);
    describeEnvVars(c, resolve, w);
    describeContainerVolumes(c, w);
  }
}

function writeLines(w: PrefixWriter, first: string, rest: [string, unknown][]): void {
  w.write(LEVEL_2, first + rest.map(([k, v]) => `    ${k}:\t${goValue(v)}\n`).join(''));
}

/** describeVolumes. */
export function describeVolumes(volumes: Any[] | undefined, w: PrefixWriter, space: string): void {
  const list = volumes ?? [];
  if (list.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of list) {
    const nameIndent = space.length > 0 ? ' ' : '';
    w.write(LEVEL_1, `${nameIndent}${v.name}:\n`);
    describeVolumeSource(v, w);
  }
}

/** One volume source's lines (shared with PersistentVolume sources). */
export function describeVolumeSource(v: Any, w: PrefixWriter): void {
  if (v.hostPath) {
    writeLines(w, 'Type:\tHostPath (bare host directory volume)\n', [
      ['Path', str(v.hostPath.path)],
      ['HostPathType', v.hostPath.type === undefined ? '<none>' : str(v.hostPath.type)],
    ]);
  } else if (v.emptyDir) {
    const limit = parseQ(v.emptyDir.sizeLimit);
    writeLines(w, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n", [
      ['Medium', str(v.emptyDir.medium)],
      ['SizeLimit', limit && limit.nano > 0n ? quantity(v.emptyDir.sizeLimit) : '<unset>'],
    ]);
  } else if (v.secret) {
    writeLines(w, 'Type:\tSecret (a volume populated by a Secret)\n', [
      ['SecretName', str(v.secret.secretName)],
      ['Optional', v.secret.optional === true],
    ]);
  } else if (v.configMap) {
    writeLines(w, 'Type:\tConfigMap (a volume populated by a ConfigMap)\n', [
      ['Name', str(v.configMap.name)],
      ['Optional', v.configMap.optional === true],
    ]);
  } else if (v.nfs) {
    writeLines(w, 'Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n', [
      ['Server', str(v.nfs.server)],
      ['Path', str(v.nfs.path)],
      ['ReadOnly', v.nfs.readOnly === true],
    ]);
  } else if (v.persistentVolumeClaim) {
    writeLines(
      w,
      'Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n',
      [
        ['ClaimName', str(v.persistentVolumeClaim.claimName)],
        ['ReadOnly', v.persistentVolumeClaim.readOnly === true],
      ],
    );
  } else if (v.downwardAPI) {
    w.write(
      LEVEL_2,
      'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n',
    );
    for (const m of v.downwardAPI.items ?? []) {
      if (m.fieldRef) w.write(LEVEL_3, `${str(m.fieldRef.fieldPath)} -> ${str(m.path)}\n`);
      if (m.resourceFieldRef)
        w.write(LEVEL_3, `${str(m.resourceFieldRef.resource)} -> ${str(m.path)}\n`);
    }
  } else if (v.projected) {
    w.write(
      LEVEL_2,
      'Type:\tProjected (a volume that contains injected data from multiple sources)\n',
    );
    for (const s of v.projected.sources ?? []) {
      if (s.secret) {
        w.write(
          LEVEL_2,
          `SecretName:\t${str(s.secret.name)}\n    Optional:\t${s.secret.optional === true}\n`,
        );
      } else if (s.downwardAPI) {
        w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
      } else if (s.configMap) {
        w.write(
          LEVEL_2,
          `ConfigMapName:\t${str(s.configMap.name)}\n    ConfigMapOptional:\t${s.configMap.optional === undefined ? '<nil>' : goPtrBool(s.configMap.optional)}\n`,
        );
      } else if (s.serviceAccountToken) {
        w.write(
          LEVEL_2,
          `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 0}\n`,
        );
      }
    }
  } else if (v.csi) {
    writeLines(w, 'Type:\tCSI (a Container Storage Interface (CSI) volume source)\n', [
      ['Driver', str(v.csi.driver)],
      ['FSType', str(v.csi.fsType)],
      ...(v.csi.volumeHandle !== undefined
        ? ([['VolumeHandle', str(v.csi.volumeHandle)]] as [string, unknown][])
        : []),
      ['ReadOnly', v.csi.readOnly === true],
    ]);
    const attrs = v.csi.volumeAttributes ?? {};
    w.write(LEVEL_2, 'VolumeAttributes:\t');
    const keys = sortedKeys(attrs);
    if (keys.length === 0) w.writeLine('<none>');
    keys.forEach((k, i) => {
      if (i !== 0) {
        w.write(LEVEL_2, '');
        w.write(LEVEL_2, '\t');
      }
      w.write(LEVEL_2, `${k}=${attrs[k]}\n`);
    });
  } else if (v.local) {
    writeLines(w, 'Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n', [
      ['Path', str(v.local.path)],
    ]);
  } else if (v.ephemeral) {
    w.write(
      LEVEL_2,
      'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n',
    );
  } else if (v.image) {
    writeLines(w, 'Type:\tImage (a container image or OCI artifact)\n', [
      ['Reference', str(v.image.reference)],
      ['PullPolicy', str(v.image.pullPolicy)],
    ]);
  } else {
    w.write(LEVEL_1, '<unknown>\n');
  }
}

/** %v of a *bool. */
function goPtrBool(v: unknown): string {
  return v === true ? 'true' : 'false';
}

/** describeTopologySpreadConstraints. */
export function describeTopologySpreadConstraints(
  list: Any[] | undefined,
  w: PrefixWriter,
  space: string,
): void {
  if (!list || list.length === 0) return;
  const sorted = [...list].sort((a, b) => goCompare(str(a.topologyKey), str(b.topologyKey)));
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((t, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, space);
      w.write(LEVEL_0, '\t');
    }
    let s = `${str(t.topologyKey)}:${str(t.whenUnsatisfiable)} when max skew ${t.maxSkew ?? 0} is exceeded`;
    if (t.labelSelector) s += ` for selector ${formatLabelSelector(t.labelSelector)}`;
    w.write(LEVEL_0, s + '\n');
  });
}

/** DescribePodTemplate. */
export function describePodTemplate(template: Any, w: PrefixWriter): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  const spec = template.spec ?? {};
  printLabelsMultiline(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0)
    printAnnotationsMultiline(w, '  Annotations', template.metadata.annotations);
  if (spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if ((spec.initContainers ?? []).length > 0)
    describeContainers('Init Containers', spec.initContainers, undefined, undefined, w, '  ');
  describeContainers('Containers', spec.containers, undefined, undefined, w, '  ');
  describeVolumes(spec.volumes, w, '  ');
  describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '  ');
  if (spec.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, '  Tolerations', spec.tolerations);
}
