/**
 * The only place that reads the machine's time. Every other module asks a Clock,
 * so the sandbox can move time per operator (docs/decisions/clock.md).
 */
export interface Clock {
  /** Current time for an operator: machine time plus that operator's offset. */
  now(operatorId?: string): Date;
  offsetMs(operatorId: string): number;
  setOffset(operatorId: string, offsetMs: number): void;
}

export function machineNow(): Date {
  return new Date();
}

/** Elapsed-time reads for timeouts and waits, never for business time. */
export function monotonicMs(): number {
  return performance.now();
}

export class OperatorClock implements Clock {
  private readonly offsets = new Map<string, number>();
  constructor(private readonly base: () => number = () => Date.now()) {}

  now(operatorId?: string): Date {
    const offset = operatorId ? (this.offsets.get(operatorId) ?? 0) : 0;
    return new Date(this.base() + offset);
  }
  offsetMs(operatorId: string): number {
    return this.offsets.get(operatorId) ?? 0;
  }
  setOffset(operatorId: string, offsetMs: number): void {
    this.offsets.set(operatorId, offsetMs);
  }
}

/** ISO 8601 UTC with second precision and `Z`, as every timestamp on the wire. */
export function isoSeconds(date: Date | string | null | undefined): string | null {
  if (date == null) return null;
  const d = typeof date === 'string' ? new Date(date) : date;
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
