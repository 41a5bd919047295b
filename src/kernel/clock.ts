/**
 * The only place that reads the machine's time. There are two kinds of time (docs/decisions/clock.md):
 * real time (`Clock`), for security lifetimes, rate limits, leases and timeouts; and each operator's business
 * time (`operatorTime`), real time plus the operator's stored sandbox offset, for everything on its records.
 */
export interface Clock {
  /** Real time. Injected (`createLockyard({ clock })`) so tests move it without sleeping. */
  now(): Date;
}

/** The machine's clock: the default `Clock`. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock a test moves by hand: real time that passes only when told to. */
export class ManualClock implements Clock {
  private ms: number;
  constructor(start: Date | number) {
    this.ms = typeof start === 'number' ? start : start.getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  set(at: Date | number): void {
    this.ms = typeof at === 'number' ? at : at.getTime();
  }
}

/** An operator's business time: the real clock shifted by the operator's stored offset. */
export function operatorTime(real: Clock, offsetMs: number): () => Date {
  return () => new Date(real.now().getTime() + offsetMs);
}

/** Elapsed-time reads for timeouts and waits, never for business time. */
export function monotonicMs(): number {
  return performance.now();
}

/** ISO 8601 UTC with second precision and `Z`, as every timestamp on the wire. */
export function isoSeconds(date: Date | string | null | undefined): string | null {
  if (date == null) return null;
  const d = typeof date === 'string' ? new Date(date) : date;
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
