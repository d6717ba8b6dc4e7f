import { useState, type KeyboardEvent } from 'react';
import { FieldFrame } from '../../components/form';

const DISTRICT = /^[A-Z]{1,2}\d[A-Z\d]?$/;

/**
 * "sw1a, M1 b33 8" → ["SW1A", "M1", "B33 8"]. Entries are separated by commas or spaces; a lone
 * digit after a district is that district's sector ("B33 8"), not an entry of its own.
 */
export function parsePostcodeAreas(text: string): string[] {
  const entries: string[] = [];
  for (const token of text
    .toUpperCase()
    .split(/[\s,;]+/)
    .filter(Boolean)) {
    const previous = entries[entries.length - 1];
    if (/^\d$/.test(token) && previous && DISTRICT.test(previous)) entries[entries.length - 1] = `${previous} ${token}`;
    else entries.push(token);
  }
  return entries;
}

export function addAreas(areas: string[], text: string): string[] {
  const next = [...areas];
  for (const area of parsePostcodeAreas(text)) if (!next.includes(area)) next.push(area);
  return next;
}

interface Props {
  label: string;
  areas: string[];
  onAreasChange: (areas: string[]) => void;
  /** What is typed but not yet an entry; the form adds it on submit too. */
  draft: string;
  onDraftChange: (draft: string) => void;
  errors?: string[];
}

/** A text box that turns what is typed into removable chips: on a comma, Enter, or leaving the box. */
export function PostcodeAreasInput({ label, areas, onAreasChange, draft, onDraftChange, errors }: Props) {
  const [announcement, setAnnouncement] = useState('');

  function commit(text: string, rest = '') {
    const next = addAreas(areas, text);
    const added = next.slice(areas.length);
    if (added.length > 0) {
      onAreasChange(next);
      setAnnouncement(`Added ${added.join(', ')}`);
    }
    onDraftChange(rest);
  }

  function onChange(value: string) {
    // Everything up to the last comma is finished; the rest is still being typed.
    const cut = value.lastIndexOf(',');
    if (cut >= 0) commit(value.slice(0, cut), value.slice(cut + 1).trimStart());
    else onDraftChange(value);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter' && draft.trim()) {
      event.preventDefault();
      commit(draft);
    } else if (event.key === 'Backspace' && draft === '' && areas.length > 0) {
      const last = areas[areas.length - 1];
      onAreasChange(areas.slice(0, -1));
      setAnnouncement(`Removed ${last}`);
    }
  }

  function remove(area: string) {
    onAreasChange(areas.filter((a) => a !== area));
    setAnnouncement(`Removed ${area}`);
  }

  return (
    <FieldFrame
      label={label}
      errors={errors}
      hint="Postcode areas, districts or sectors, separated by commas or spaces — e.g. SW, M1, B33 8. Press Enter to add."
    >
      {({ id, invalid, describedBy }) => (
        <div className="chips-input">
          {areas.length > 0 ? (
            <ul className="chips" aria-label="Chosen areas">
              {areas.map((area) => (
                <li key={area} className="chip">
                  <span>{area}</span>
                  <button type="button" className="chip-remove" onClick={() => remove(area)} aria-label={`Remove ${area}`}>
                    ×
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <input
            id={id}
            name="postcodeAreas"
            value={draft}
            onChange={(e) => onChange(e.target.value)}
            onKeyDown={onKeyDown}
            onBlur={() => draft.trim() && commit(draft)}
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            placeholder={areas.length > 0 ? 'Add more…' : 'e.g. SW1A, M1'}
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
          />
          <span className="visually-hidden" role="status">
            {announcement}
          </span>
        </div>
      )}
    </FieldFrame>
  );
}
