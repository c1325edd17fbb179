export { ImageRegistry, defaultRegistry, registerImage, digestOf } from './catalogue';
export type { PullResult } from './catalogue';
export { imageFromDefinition } from './program';
export type {
  ImageDefinition,
  ProgramBehaviour,
  LogLine,
  ProgramContext,
  ExitPlan,
} from './program';
export { parseImageRef, familiarWithTag } from './reference';
export type { ImageRef } from './reference';
