import type { EventTypeDto } from '@leadflow/api-client';
import { useEffect, useId, useRef } from 'react';
import type { SubscribableEventType } from '../../api/webhooks';

/** The parts of the product, in the order people look for them. */
const CATEGORY_ORDER = ['Leads', 'Credit and billing', 'Sign-up', 'Your account'];

/** The catalog's subscribable types under the part of the product they are about, in the catalog's order within each. */
function grouped(eventTypes: EventTypeDto[]): [string, EventTypeDto[]][] {
  const groups = new Map<string, EventTypeDto[]>();
  for (const t of eventTypes) if (t.subscribable) groups.set(t.category, [...(groups.get(t.category) ?? []), t]);
  const rank = (c: string) => (CATEGORY_ORDER.includes(c) ? CATEGORY_ORDER.indexOf(c) : CATEGORY_ORDER.length);
  return [...groups].sort(([a], [b]) => rank(a) - rank(b));
}

interface Props {
  eventTypes: EventTypeDto[];
  chosen: SubscribableEventType[];
  onChange: (next: SubscribableEventType[]) => void;
  errors?: string[];
}

/** Event-type checkboxes by their names, under the part of the product they are about, with "All event types" on top. */
export function EventTypePicker({ eventTypes, chosen, onChange, errors }: Props) {
  const id = useId();
  const allRef = useRef<HTMLInputElement>(null);
  const groups = grouped(eventTypes);
  const every = groups.flatMap(([, types]) => types.map((t) => t.type as SubscribableEventType));
  const all = every.length > 0 && every.every((t) => chosen.includes(t));
  const some = !all && chosen.length > 0;
  const invalid = (errors?.length ?? 0) > 0;

  useEffect(() => {
    if (allRef.current) allRef.current.indeterminate = some;
  }, [some]);

  function toggle(type: SubscribableEventType, on: boolean) {
    onChange(on ? [...chosen.filter((t) => t !== type), type] : chosen.filter((t) => t !== type));
  }

  return (
    <fieldset className="fieldset event-types" aria-describedby={invalid ? `${id}-error` : undefined}>
      <legend>Event types</legend>
      {invalid ? (
        <p id={`${id}-error`} className="field-error">
          {errors?.join(' ')}
        </p>
      ) : null}
      <label className="check">
        <input ref={allRef} type="checkbox" checked={all} onChange={(e) => onChange(e.target.checked ? every : [])} />
        <span>All event types</span>
      </label>
      {groups.map(([group, types]) => (
        <fieldset key={group} className="event-group">
          <legend>{group}</legend>
          {types.map((t) => (
            <div key={t.type} className="event-type">
              <label className="check">
                <input
                  type="checkbox"
                  checked={chosen.includes(t.type as SubscribableEventType)}
                  onChange={(e) => toggle(t.type as SubscribableEventType, e.target.checked)}
                  aria-describedby={`${id}-${t.type}`}
                />
                <span>{t.name}</span>
              </label>
              <p id={`${id}-${t.type}`} className="field-hint">
                {t.description} <code className="event-code">{t.type}</code>
              </p>
            </div>
          ))}
        </fieldset>
      ))}
    </fieldset>
  );
}
