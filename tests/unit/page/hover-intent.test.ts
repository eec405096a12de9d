import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HoverIntent } from '@/lib/page/hover-intent';

let events: string[];
let intent: HoverIntent<string>;

beforeEach(() => {
  vi.useFakeTimers();
  events = [];
  intent = new HoverIntent<string>({
    delayMs: 300,
    graceMs: 200,
    open: (target) => events.push(`open ${target}`),
    close: () => events.push('close'),
  });
});
afterEach(() => vi.useRealTimers());

describe('hover intent', () => {
  it('opens a card only once the pointer has rested on a mention', () => {
    intent.pointerAt('Stargate');
    vi.advanceTimersByTime(299);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(events).toEqual(['open Stargate']);
  });

  it('opens nothing for a pointer that only passes over a mention', () => {
    intent.pointerAt('Stargate');
    vi.advanceTimersByTime(150);
    intent.pointerAt(null);
    vi.advanceTimersByTime(1000);
    expect(events).toEqual([]);
  });

  it('opens nothing while the page scrolls under a still pointer', () => {
    intent.pointerAt('H800');
    vi.advanceTimersByTime(200);
    intent.scrolled();
    vi.advanceTimersByTime(1000);
    expect(events).toEqual([]);
  });

  it('keeps the card while the pointer moves onto it, and closes after a grace period once it leaves', () => {
    intent.pointerAt('MiCA');
    vi.advanceTimersByTime(300);
    intent.pointerAt(null); // leaving the mention…
    vi.advanceTimersByTime(100);
    intent.pointerInCard(true); // …onto the card in time
    vi.advanceTimersByTime(1000);
    expect(events).toEqual(['open MiCA']);
    intent.pointerInCard(false);
    vi.advanceTimersByTime(199);
    expect(events).toEqual(['open MiCA']);
    vi.advanceTimersByTime(1);
    expect(events).toEqual(['open MiCA', 'close']);
  });

  it('switches to another mention only after resting on it', () => {
    intent.pointerAt('Nvidia');
    vi.advanceTimersByTime(300);
    intent.pointerAt('H800');
    vi.advanceTimersByTime(100);
    expect(intent.openTarget).toBe('Nvidia');
    vi.advanceTimersByTime(200);
    expect(events).toEqual(['open Nvidia', 'open H800']);
  });

  it('closes at once on dismiss (Escape), and opens at once from the keyboard', () => {
    intent.openNow('Oracle');
    expect(events).toEqual(['open Oracle']);
    intent.dismiss();
    expect(events).toEqual(['open Oracle', 'close']);
    intent.dismiss();
    expect(events).toEqual(['open Oracle', 'close']);
  });
});
