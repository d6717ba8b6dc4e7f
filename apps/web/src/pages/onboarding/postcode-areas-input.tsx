import { useState, type KeyboardEvent } from 'react';
import { FieldFrame } from '../../components/form';

const AREA = /^[A-Z]{1,2}$/;
const DISTRICT = /^[A-Z]{1,2}\d[A-Z\d]?$/;
const SECTOR = /^[A-Z]{1,2}\d[A-Z\d]? \d$/;
/** What follows a district in a full postcode ("1AE"), or something typed like one ("9ZZZ"). */
const INWARD_ISH = /^\d[A-Z]+$/;

/**
 * "sw1a, M1 b33 8" → ["SW1A", "M1", "B33 8"]. Entries are separated by commas or spaces; a lone
 * digit after a district is that district's sector ("B33 8"), and what looks like the rest of a
 * full postcode stays with its district ("ZZ9 9ZZZ"), so it is judged as one entry, not two.
 */
export function parsePostcodeAreas(text: string): string[] {
  const entries: string[] = [];
  for (const token of text
    .toUpperCase()
    .split(/[\s,;]+/)
    .filter(Boolean)) {
    const previous = entries[entries.length - 1];
    if ((/^\d$/.test(token) || INWARD_ISH.test(token)) && previous && DISTRICT.test(previous))
      entries[entries.length - 1] = `${previous} ${token}`;
    else entries.push(token);
  }
  return entries;
}

/** Why an entry is not an area, district or sector, in words; null when it is one. */
export function areaProblem(entry: string): string | null {
  if (AREA.test(entry) || DISTRICT.test(entry) || SECTOR.test(entry)) return null;
  const full = /^([A-Z]{1,2}\d[A-Z\d]?) (\d)[A-Z]{2}$/.exec(entry);
  if (full) return `${entry} is a full postcode. Add its district (${full[1]}) or its sector (${full[1]} ${full[2]}) instead.`;
  return `${entry} isn't a postcode area, district or sector. Try something like SW, M1 or B33 8.`;
}

/** The chips after adding what was typed, and what was not added (left in the box) with why. */
export function addAreas(areas: string[], text: string): { areas: string[]; rejected: string[]; problems: string[] } {
  const next = [...areas];
  const rejected: string[] = [];
  const problems: string[] = [];
  for (const area of parsePostcodeAreas(text)) {
    const problem = areaProblem(area);
    if (problem) {
      rejected.push(area);
      problems.push(problem);
    } else if (!next.includes(area)) next.push(area);
  }
  return { areas: next, rejected, problems };
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
  const [problems, setProblems] = useState<string[]>([]);

  function commit(text: string, rest = '') {
    const { areas: next, rejected, problems: found } = addAreas(areas, text);
    const added = next.slice(areas.length);
    if (added.length > 0) {
      onAreasChange(next);
      setAnnouncement(`Added ${added.join(', ')}`);
    }
    setProblems(found);
    // What was not a postcode area stays in the box, to be put right.
    onDraftChange([...rejected, rest].filter(Boolean).join(', '));
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
      errors={problems.length > 0 || errors?.length ? [...problems, ...(errors ?? [])] : undefined}
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
            onChange={(e) => {
              if (problems.length > 0) setProblems([]);
              onChange(e.target.value);
            }}
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
