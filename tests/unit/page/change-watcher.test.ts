import { describe, expect, it } from 'vitest';
import { ChangeWatcher, type ChangeBatch } from '@/lib/page/change-watcher';

const nextFrame = () => new Promise<void>((done) => requestAnimationFrame(() => done()));
const settle = () => new Promise<void>((done) => setTimeout(done, 50));

describe('the change watcher', () => {
  it("hands over a frame's changes in one batch, after the frame, never inside it", async () => {
    document.body.innerHTML = '<p id="a">One</p><p id="b">Two</p><aside id="own"></aside>';
    const events: string[] = [];
    const batches: ChangeBatch[] = [];
    const own = document.getElementById('own')!;
    const watcher = new ChangeWatcher(
      document,
      (batch) => {
        events.push('batch');
        batches.push(batch);
      },
      (node) => own.contains(node),
    );
    watcher.start();
    document.getElementById('a')!.textContent = 'One, changed';
    document.getElementById('b')!.append(' and more');
    own.textContent = 'our card';
    // A frame callback of the page's, asked for once the watcher has heard of the changes.
    await Promise.resolve();
    const frame = nextFrame().then(() => events.push('frame'));
    await frame;
    await settle();
    expect(events).toEqual(['frame', 'batch']);
    expect(batches[0]!.nodes.map((node) => (node as Element).id)).toEqual(['a', 'b']);
    expect(batches[0]!.massive).toBe(false);
    watcher.stop();
  });

  it('drops the changes it heard of when stopped before their batch', async () => {
    document.body.innerHTML = '<p id="a">One</p>';
    const batches: ChangeBatch[] = [];
    const watcher = new ChangeWatcher(
      document,
      (batch) => batches.push(batch),
      () => false,
    );
    watcher.start();
    document.getElementById('a')!.textContent = 'changed';
    await Promise.resolve();
    await nextFrame();
    watcher.stop();
    await settle();
    expect(batches).toEqual([]);
  });
});
