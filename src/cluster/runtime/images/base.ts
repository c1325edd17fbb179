/** Base images whose default command is a shell or an interpreter: they run what the pod says. */
import type { ImageDefinition } from './program';

const MB = 1_000_000;

export const baseImages: ImageDefinition[] = [
  {
    repository: 'docker.io/library/busybox',
    tags: [
      'latest',
      '1.37',
      '1.37.0',
      '1.36',
      '1.36.1',
      '1.35',
      'stable',
      'musl',
      'glibc',
      'uclibc',
    ],
    sizeBytes: 4_269_694,
    shell: true,
    defaultCommand: ['sh'],
  },
  {
    // The Kubernetes docs' probe examples (exec-liveness.yaml) use this old busybox build.
    repository: 'registry.k8s.io/busybox',
    tags: ['latest', '1.27.2', '1.27', '1.24'],
    sizeBytes: 2_433_303,
    shell: true,
    defaultCommand: ['sh'],
  },
  {
    repository: 'docker.io/library/alpine',
    tags: ['latest', '3.21', '3.21.0', '3.20', '3.19', '3.18', 'edge'],
    sizeBytes: 7_834_720,
    shell: true,
    defaultCommand: ['/bin/sh'],
  },
  {
    repository: 'docker.io/library/ubuntu',
    tags: ['latest', '24.04', 'noble', '22.04', 'jammy', '20.04', 'focal'],
    sizeBytes: 29_754_290,
    shell: true,
    defaultCommand: ['/bin/bash'],
  },
  {
    repository: 'docker.io/library/debian',
    tags: ['latest', 'bookworm', 'bookworm-slim', '12', '12-slim', 'bullseye', '11'],
    sizeBytes: 48_494_272,
    shell: true,
    defaultCommand: ['bash'],
  },
  {
    repository: 'docker.io/curlimages/curl',
    tags: ['latest', '8.11.1', '8.10.1', '8.5.0'],
    sizeBytes: 11_981_370,
    shell: true,
    defaultCommand: ['sh'],
  },
  {
    // `node` with no terminal and nothing on stdin leaves its REPL at once.
    repository: 'docker.io/library/node',
    tags: ['latest', '23', '22', '20', '18', 'lts', 'alpine', '22-alpine', '20-alpine', 'slim'],
    tagSizes: { alpine: 56 * MB, '22-alpine': 56 * MB, '20-alpine': 45 * MB, slim: 79 * MB },
    sizeBytes: 399_450_623,
    shell: true,
    defaultCommand: ['true'],
  },
  {
    repository: 'docker.io/library/python',
    tags: ['latest', '3', '3.13', '3.12', '3.11', 'alpine', '3.12-alpine', 'slim', '3.12-slim'],
    tagSizes: { alpine: 18 * MB, '3.12-alpine': 18 * MB, slim: 44 * MB, '3.12-slim': 44 * MB },
    sizeBytes: 389_214_503,
    shell: true,
    defaultCommand: ['true'],
  },
];
