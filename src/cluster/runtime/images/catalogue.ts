/**
 * The image registry the cluster pulls from: the built-in catalogue plus whatever scenarios
 * register. A pull either finds repository and tag, or fails with the message minikube's docker
 * runtime gives for it.
 */
import type { ImageInfo } from '../types';
import { builtinImages } from './builtin';
import { imageFromDefinition } from './program';
import type { ImageDefinition } from './program';
import { familiarWithTag, parseImageRef } from './reference';
import type { ImageRef } from './reference';

export type PullResult =
  | { ok: true; image: ImageInfo; ref: ImageRef; tag: string; sizeBytes: number; digest: string }
  | { ok: false; invalid: boolean; message: string };

/** A deterministic 64-hex-digit digest for repository and tag (FNV-1a, widened). */
export function digestOf(text: string): string {
  let out = '';
  for (let round = 0; round < 8; round++) {
    let h = 0x811c9dc5 ^ round;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995) >>> 0;
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return out;
}

export class ImageRegistry {
  private images = new Map<string, ImageInfo & { tagSizes?: Record<string, number> }>();

  constructor(definitions: ImageDefinition[] = []) {
    for (const d of definitions) this.register(d);
  }

  /** Adds (or replaces) an image: a description, or a hand-written ImageInfo. */
  register(image: ImageDefinition | ImageInfo): void {
    const info =
      'start' in image
        ? image
        : { ...imageFromDefinition(image), tagSizes: (image as ImageDefinition).tagSizes };
    const ref = parseImageRef(info.repository);
    const key = 'error' in ref ? info.repository : ref.repository;
    this.images.set(key, info);
  }

  get(repository: string): ImageInfo | undefined {
    return this.images.get(repository);
  }

  /** Resolves a pod's image reference as a pull would. */
  pull(reference: string): PullResult {
    const ref = parseImageRef(reference);
    if ('error' in ref) {
      return {
        ok: false,
        invalid: true,
        message: `couldn't parse image name "${reference}": ${ref.error}`,
      };
    }
    const image = this.images.get(ref.repository);
    const tag = ref.tag ?? (ref.digest ? '' : 'latest');
    const shown = familiarWithTag(ref);
    if (!image) {
      if (ref.domain === 'docker.io') {
        return {
          ok: false,
          invalid: false,
          message: `Error response from daemon: pull access denied for ${ref.familiar}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
        };
      }
      return {
        ok: false,
        invalid: false,
        message: `Error response from daemon: manifest for ${shown} not found: manifest unknown: manifest unknown`,
      };
    }
    if (tag && !image.tags.includes(tag)) {
      return {
        ok: false,
        invalid: false,
        message: `Error response from daemon: manifest for ${shown} not found: manifest unknown: manifest unknown`,
      };
    }
    const sizes = (image as { tagSizes?: Record<string, number> }).tagSizes;
    return {
      ok: true,
      image,
      ref,
      tag,
      sizeBytes: sizes?.[tag] ?? image.sizeBytes,
      digest: ref.digest ?? `sha256:${digestOf(`${ref.repository}:${tag}`)}`,
    };
  }
}

/** The registry every cluster uses unless given its own. */
export const defaultRegistry = new ImageRegistry(builtinImages);

/** Lets a scenario add an image to the default registry. */
export function registerImage(image: ImageDefinition | ImageInfo): void {
  defaultRegistry.register(image);
}
