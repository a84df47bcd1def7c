// Every connection the composition root opens registers how to close it here, so `close()` leaves
// nothing behind: no Redis client, no subscriber, no MongoDB pool.

export class Lifetime {
  private readonly closers: Array<() => Promise<void> | void> = [];

  /** Registers `close` and hands back `value`, so a builder can open and register in one line. */
  own<T>(value: T, close: (value: T) => Promise<void> | void): T {
    this.closers.push(() => close(value));
    return value;
  }

  async close(): Promise<void> {
    const closers = this.closers.splice(0).reverse();
    await Promise.allSettled(closers.map(async (close) => close()));
  }
}
