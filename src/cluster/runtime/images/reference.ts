/**
 * Image references as the container runtime reads them (distribution/reference's
 * ParseNormalizedNamed): "nginx" is docker.io/library/nginx:latest, "bitnami/redis:7" is
 * docker.io/bitnami/redis:7, "registry.k8s.io/echoserver:1.4" keeps its registry. A reference
 * that does not parse is what the kubelet reports as InvalidImageName.
 */

export interface ImageRef {
  /** As written in the pod. */
  original: string;
  /** "docker.io", "registry.k8s.io", "gcr.io". */
  domain: string;
  /** "library/nginx", "google-samples/kubernetes-bootcamp". */
  path: string;
  /** Explicit tag, or undefined (then "latest" unless a digest is given). */
  tag?: string;
  digest?: string;
  /** "docker.io/library/nginx": the catalogue's key. */
  repository: string;
  /** The short name docker prints: "nginx", "bitnami/redis", "registry.k8s.io/echoserver". */
  familiar: string;
}

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const NAME = `(?:(${DOMAIN})/)?(${COMPONENT}(?:/${COMPONENT})*)`;
const REFERENCE = new RegExp(`^${NAME}(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const ANCHORED_NAME_LOWERED = new RegExp(`^${NAME}$`);

function splitDomain(name: string): { domain: string; path: string } {
  const i = name.indexOf('/');
  if (i < 0) return { domain: 'docker.io', path: `library/${name}` };
  const first = name.slice(0, i);
  if (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first) {
    return { domain: 'docker.io', path: name };
  }
  let domain = first;
  let path = name.slice(i + 1);
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  return { domain, path };
}

/** Parses a reference, or gives distribution/reference's error text. */
export function parseImageRef(image: string): ImageRef | { error: string } {
  if (image.length === 0) return { error: 'invalid reference format' };
  const m = REFERENCE.exec(image);
  if (!m) {
    // A name that only fails for its capitals gets the more helpful message.
    const nameOnly = image.split('@')[0].replace(/:[\w][\w.-]{0,127}$/, '');
    const { domain, path } = splitDomain(nameOnly);
    const lowered = `${domain}/${path.toLowerCase()}`;
    if (path !== path.toLowerCase() && ANCHORED_NAME_LOWERED.test(lowered)) {
      const shown = domain === 'docker.io' ? path : `${domain}/${path}`;
      return { error: `invalid reference format: repository name (${shown}) must be lowercase` };
    }
    return { error: 'invalid reference format' };
  }
  const name = (m[1] ? `${m[1]}/` : '') + m[2];
  if (name.length > 255)
    return {
      error: 'invalid reference format: repository name must not be more than 255 characters',
    };
  const { domain, path } = splitDomain(name);
  const repository = `${domain}/${path}`;
  let familiar = repository;
  if (domain === 'docker.io') familiar = path.startsWith('library/') ? path.slice(8) : path;
  return { original: image, domain, path, tag: m[3], digest: m[4], repository, familiar };
}

/** "nginx:latest", "registry.k8s.io/echoserver:1.4": the name the runtime reports in container statuses. */
export function familiarWithTag(ref: ImageRef): string {
  if (ref.digest && !ref.tag) return `${ref.familiar}@${ref.digest}`;
  return `${ref.familiar}:${ref.tag ?? 'latest'}`;
}
