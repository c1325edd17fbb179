/**
 * Pod IPs from each node's pod CIDR, as the host-local IPAM of minikube's bridge CNI hands them
 * out: sequentially from .2, continuing after the last one given (not reusing a freed address at
 * once), wrapping around at the end of the /24.
 */
export class PodIPAM {
  private used = new Set<string>();
  private last = new Map<string, number>();

  /** `cidr` is the node's spec.podCIDR, "10.244.1.0/24". */
  allocate(cidr: string): string {
    const base = cidr.split('/')[0].split('.').slice(0, 3).join('.');
    // Hosts .2 to .254: 253 addresses, indexed from 0.
    const last = this.last.get(base) ?? -1;
    for (let step = 1; step <= 253; step++) {
      const index = (last + step) % 253;
      const host = index + 2;
      const ip = `${base}.${host}`;
      if (!this.used.has(ip)) {
        this.used.add(ip);
        this.last.set(base, index);
        return ip;
      }
    }
    throw new Error(`no free pod IPs left in ${cidr}`);
  }

  mark(ip: string): void {
    this.used.add(ip);
  }

  release(ip: string): void {
    this.used.delete(ip);
  }
}
