/** A decorative spinning ring; pair it with visible text saying what is loading. */
export function Spinner() {
  return <span className="spinner" aria-hidden="true" />;
}
