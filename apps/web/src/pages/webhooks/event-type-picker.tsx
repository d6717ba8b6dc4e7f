import type { EventTypeDto } from '@leadflow/api-client';
import { useEffect, useId, useRef } from 'react';
import type { SubscribableEventType } from '../../api/webhooks';

/** The catalog's subscribable types, in its order, under their groups. */
function grouped(eventTypes: EventTypeDto[]): [string, EventTypeDto[]][] {
  const groups = new Map<string, EventTypeDto[]>();
  for (const t of eventTypes) if (t.subscribable) groups.set(t.group, [...(groups.get(t.group) ?? []), t]);
  return [...groups];
}

interface Props {
  eventTypes: EventTypeDto[];
  chosen: SubscribableEventType[];
  onChange: (next: SubscribableEventType[]) => void;
  errors?: string[];
}

/** Event-type checkboxes grouped as the catalog groups them, with "All event types" on top. */
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
                <code>{t.type}</code>
              </label>
              <p id={`${id}-${t.type}`} className="field-hint">
                {t.description}
              </p>
            </div>
          ))}
        </fieldset>
      ))}
    </fieldset>
  );
}
