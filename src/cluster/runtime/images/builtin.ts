/** Every image the built-in registry holds. */
import { baseImages } from './base';
import { databaseImages } from './databases';
import { ingressImages } from './ingress';
import type { ImageDefinition } from './program';
import { systemImages } from './system';
import { webImages } from './web';

export const builtinImages: ImageDefinition[] = [
  ...baseImages,
  ...webImages,
  ...databaseImages,
  ...systemImages,
  ...ingressImages,
];
