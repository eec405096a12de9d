/**
 * axe-core (a dev dependency, nothing fetched) run in a page's main world on
 * the card's host, whose open shadow root axe reads: WCAG 2.2 A and AA and
 * the best-practice rules. Violations come back as "rule: node" lines, so a
 * failing test names both.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Tab } from './driver';

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** The violations axe finds in the element `selector` (and its shadow tree), one line per node. */
export async function axeViolations(tab: Tab, selector: string): Promise<string[]> {
  return tab.evaluate(runAxe, { source: AXE_SOURCE, selector, tags: AXE_TAGS });
}

// Runs in the page's main world: self-contained.
async function runAxe({
  source,
  selector,
  tags,
}: {
  source: string;
  selector: string;
  tags: string[];
}) {
  const scope = window as unknown as {
    axe?: {
      run(
        context: unknown,
        options: unknown,
      ): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }>;
    };
  };
  // axe's own build, from node_modules, defining window.axe.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  if (!scope.axe) (new Function(source) as () => void)();
  const results = await scope.axe!.run(
    { include: [selector] },
    { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] },
  );
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id}: ${JSON.stringify(node.target)}`),
  );
}
