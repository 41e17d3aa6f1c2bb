import type { CategoryNode } from '@khadamat/contracts';

/** Sort comparator: categories in their editorial order. */
export function byPosition(a: CategoryNode, b: CategoryNode): number {
  return a.position - b.position;
}
