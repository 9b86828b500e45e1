// Polls `check` every 25 ms until it holds and resolves with the milliseconds it took; rejects
// after `ms`. For effects that must reach other processes within a bound (a mode or a retirement
// set through one instance, seen by all).
export async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
