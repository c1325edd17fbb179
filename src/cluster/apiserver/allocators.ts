/**
 * Service ClusterIPs from 10.96.0.0/12 and NodePorts from 30000-32767, as upstream's allocators:
 * dynamic picks are random (seeded) from the upper band of each range, so the lower band stays
 * free for addresses chosen by hand; a taken or out-of-range choice is refused with upstream's
 * field error.
 */
import type { Random } from '../clock/Random';
import type { FieldError } from '../api/errors';

export const SERVICE_CIDR = '10.96.0.0/12';
const CIDR_BASE = (10 << 24) | (96 << 16);
const CIDR_SIZE = 1 << 20;
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

export function ipToNumber(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

export function numberToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export class ClusterIPAllocator {
  private used = new Set<string>();

  constructor(private random: Random) {}

  has(ip: string): boolean {
    return this.used.has(ip);
  }

  /** Marks an address as used (when restoring state or watching services). */
  mark(ip: string): void {
    this.used.add(ip);
  }

  release(ip: string): void {
    this.used.delete(ip);
  }

  /** A random free address from the upper band (offsets 256 and up, as upstream for a /12). */
  allocateNext(): string {
    const lowerBand = 256;
    for (;;) {
      const offset = lowerBand + this.random.int(CIDR_SIZE - lowerBand - 1);
      const ip = numberToIp((CIDR_BASE + offset) >>> 0);
      if (!this.used.has(ip)) {
        this.used.add(ip);
        return ip;
      }
    }
  }

  /** Checks a requested address; returns the field error upstream gives, or undefined and marks it. */
  allocate(ip: string, field: string): FieldError | undefined {
    const n = ipToNumber(ip);
    const detail = (msg: string): FieldError => ({
      type: 'FieldValueInvalid',
      field,
      message: `Invalid value: []string{"${ip}"}: failed to allocate IP ${ip}: ${msg}`,
    });
    if (n === undefined || n < CIDR_BASE + 1 || n >= CIDR_BASE + CIDR_SIZE - 1) {
      return detail(
        `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`,
      );
    }
    if (this.used.has(ip)) return detail('provided IP is already allocated');
    this.used.add(ip);
    return undefined;
  }
}

export class NodePortAllocator {
  private used = new Set<number>();

  constructor(private random: Random) {}

  mark(port: number): void {
    this.used.add(port);
  }

  release(port: number): void {
    this.used.delete(port);
  }

  has(port: number): boolean {
    return this.used.has(port);
  }

  allocateNext(): number {
    const size = NODE_PORT_MAX - NODE_PORT_MIN + 1;
    const lowerBand = Math.min(Math.max(16, Math.floor(size / 32)), 128);
    for (;;) {
      const port = NODE_PORT_MIN + lowerBand + this.random.int(size - lowerBand);
      if (!this.used.has(port)) {
        this.used.add(port);
        return port;
      }
    }
  }

  allocate(port: number, field: string): FieldError | undefined {
    if (port < NODE_PORT_MIN || port > NODE_PORT_MAX) {
      return {
        type: 'FieldValueInvalid',
        field,
        message: `Invalid value: ${port}: provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`,
      };
    }
    if (this.used.has(port)) {
      return {
        type: 'FieldValueInvalid',
        field,
        message: `Invalid value: ${port}: provided port is already allocated`,
      };
    }
    this.used.add(port);
    return undefined;
  }
}
