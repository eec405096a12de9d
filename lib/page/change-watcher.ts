/**
 * Follows a page that changes (infinite scroll, single-page apps) at the
 * least cost to it: the MutationObserver callback only records which nodes
 * changed; the work happens once per animation frame, on the whole batch,
 * in a task of its own just after the frame, so that the page's rendering
 * never waits for it.
 */
import { yieldToPage } from '../slices';

export interface ChangeBatch {
  /** Nodes whose text or children changed (their blocks need a rescan). */
  nodes: Node[];
  /** So much changed that one full rescan is cheaper than many small ones. */
  massive: boolean;
}

/** Beyond this many changed nodes in a frame, rescan the page whole. */
const MASSIVE = 400;

export class ChangeWatcher {
  private readonly changed = new Set<Node>();
  private frame = 0;
  private readonly observer: MutationObserver;

  constructor(
    private readonly root: Node,
    private readonly onBatch: (batch: ChangeBatch) => void,
    /** Nodes of our own (the card host), whose changes are not the page's. */
    private readonly isOwn: (node: Node) => boolean,
  ) {
    this.observer = new MutationObserver((records) => {
      for (const record of records) this.changed.add(record.target);
      if (this.frame === 0) this.frame = requestAnimationFrame(() => this.afterFrame());
    });
  }

  start(): void {
    this.observer.observe(this.root, { subtree: true, childList: true, characterData: true });
  }

  stop(): void {
    this.observer.disconnect();
    if (this.frame !== 0) cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.changed.clear();
  }

  private afterFrame(): void {
    const frame = this.frame;
    void yieldToPage().then(() => {
      // Stopped (or stopped and started again) since the frame: not this batch.
      if (this.frame === frame) this.flush();
    });
  }

  private flush(): void {
    this.frame = 0;
    const nodes = [...this.changed].filter((node) => !this.isOwn(node));
    this.changed.clear();
    if (nodes.length > 0) this.onBatch({ nodes, massive: nodes.length > MASSIVE });
  }
}
