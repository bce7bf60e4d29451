/**
 * Chosen values shown as chips, each with a button that removes it (record entry's
 * countries, sharing partners, pivot filters). Styles: `.chip-list` in base.css.
 */
export interface Chip {
  key: string;
  label: string;
  /** The remove button's accessible name, e.g. "Remove Peru". */
  removeLabel: string;
}

export function RemovableChips(props: { chips: readonly Chip[]; label?: string; onRemove(key: string): void }) {
  return (
    <ul className="chip-list" aria-label={props.label}>
      {props.chips.map((c) => (
        <li key={c.key} className="chip-removable">
          <span>{c.label}</span>
          <button type="button" className="button-icon" aria-label={c.removeLabel} onClick={() => props.onRemove(c.key)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
