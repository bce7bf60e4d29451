/** Time comes from a clock so that tests can move it (lockouts, expiry, embargoes). */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved; for tests. */
export class ManualClock implements Clock {
  constructor(private current: Date = new Date('2026-01-15T12:00:00Z')) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(date: Date | string): void {
    this.current = new Date(date);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Real time, moved forward on demand; for tests that must not wait for an embargo to pass. */
export class ShiftedClock implements Clock {
  private shift = 0;
  now(): Date {
    return new Date(Date.now() + this.shift);
  }
  advance(ms: number): void {
    this.shift += ms;
  }
}
