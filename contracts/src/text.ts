/**
 * Characters that have no place in any text the API accepts: the C0 controls except tab,
 * line feed and carriage return (the null byte first: PostgreSQL cannot store it), DEL, the
 * C1 controls, and UTF-16 surrogates that are not part of a pair (not a character at all:
 * they would be stored as U+FFFD). Bidirectional marks, joiners and the like are text
 * (Arabic needs them) and stay allowed.
 *
 * The API refuses them in every string of every body, query and path parameter with
 * VALIDATION_FAILED (backend/src/platform/http/validation.ts); forms can check with it too.
 */
export const FORBIDDEN_TEXT =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const FORBIDDEN_TEXT_MESSAGE = 'Text must not contain control characters or unpaired surrogates';

export const hasForbiddenText = (text: string) => FORBIDDEN_TEXT.test(text);

/**
 * The path (keys and indexes) of the first string, or object key, in `value` that holds a
 * forbidden character; null when there is none. Walks without recursion and without copying
 * paths, so that no nesting, however deep, costs more than its size.
 */
export function findForbiddenText(value: unknown): (string | number)[] | null {
  type Node = { value: unknown; key?: string | number; parent?: Node };
  const pathOf = (node: Node | undefined, last?: string) => {
    const path: (string | number)[] = last === undefined ? [] : [last];
    for (let n = node; n?.parent; n = n.parent) path.push(n.key!);
    return path.reverse();
  };
  const stack: Node[] = [{ value }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const current = node.value;
    if (typeof current === 'string') {
      if (FORBIDDEN_TEXT.test(current)) return pathOf(node);
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], key: i, parent: node });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i]!;
        if (FORBIDDEN_TEXT.test(key)) return pathOf(node, key);
        stack.push({ value: item, key, parent: node });
      }
    }
  }
  return null;
}
