/**
 * One value in `browser.storage.local` under one key, shared by every part
 * of the extension: read through its parser (storage can hold anything: older
 * versions, other code, a hand edit), changed in order, and watched.
 */
import { browser } from 'wxt/browser';

export interface StoredValue<T> {
  get(): Promise<T>;
  /**
   * Reads, changes and writes the value; returns what was written. Changes
   * made in one context are applied in order, so quick successive changes
   * never undo each other; two contexts writing at the same instant can
   * still lose one, as storage has no transactions.
   */
  update(change: (current: T) => T | void): Promise<T>;
  /** Calls back with the new value whenever any context changes it; returns the unsubscribe. */
  watch(callback: (value: T) => void): () => void;
}

export function storedValue<T>(key: string, parse: (value: unknown) => T): StoredValue<T> {
  /** Changes made in this context, applied one after the other. */
  let pending: Promise<unknown> = Promise.resolve();
  const get = async () => parse((await browser.storage.local.get(key))[key]);
  return {
    get,
    update(change) {
      const write = pending.then(async () => {
        const current = await get();
        const next = parse(change(current) ?? current);
        await browser.storage.local.set({ [key]: next });
        return next;
      });
      pending = write.catch(() => undefined);
      return write;
    },
    watch(callback) {
      const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
        if (area === 'local' && key in changes) callback(parse(changes[key]?.newValue));
      };
      browser.storage.onChanged.addListener(listener);
      return () => browser.storage.onChanged.removeListener(listener);
    },
  };
}
