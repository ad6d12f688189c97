/** Work for one key (a subscription) runs one piece at a time, in order; different keys run in parallel. */
export class KeyedQueue {
  readonly #queues = new Map<number, Promise<unknown>>();

  run<T>(id: number, fn: () => Promise<T>): Promise<T> {
    const prev = this.#queues.get(id) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.#queues.set(id, tail);
    void tail.then(() => {
      if (this.#queues.get(id) === tail) this.#queues.delete(id);
    });
    return run;
  }

  /** Resolves once every queue is empty (work queued meanwhile included). */
  async idle(): Promise<void> {
    while (this.#queues.size) await Promise.allSettled([...this.#queues.values()]);
  }
}
