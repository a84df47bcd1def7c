// The one clock: everything that needs "now" (sessions, tokens, STS, the game) reads it, so a test
// that moves time moves it for all of them.

export interface Clock {
  now(): number;
}

/** Wall time, unless a test has set another source. */
export class SettableClock implements Clock {
  private source: () => number = Date.now;

  now(): number {
    return this.source();
  }

  /** Replaces the time source; `set(Date.now)` goes back to wall time. */
  set(source: () => number): void {
    this.source = source;
  }
}
