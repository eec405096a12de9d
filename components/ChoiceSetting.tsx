import type { ComponentChildren } from 'preact';
import type { Settings } from '@/lib/settings';

type ChoiceKey = {
  [K in keyof Settings]: Settings[K] extends string ? K : never;
}[keyof Settings];

interface Props<K extends ChoiceKey> {
  name: K;
  /** The radio group's name in the form. */
  group: string;
  legend: ComponentChildren;
  /** Each choice and what it reads as. */
  choices: readonly (readonly [Settings[K], ComponentChildren])[];
  settings: Settings;
  change: (apply: (current: Settings) => Settings) => void;
  class?: string;
}

/** A group of radio buttons bound to one setting with a few values, saved at once. */
export function ChoiceSetting<K extends ChoiceKey>({
  name,
  group,
  legend,
  choices,
  settings,
  change,
  class: className,
}: Props<K>) {
  return (
    <fieldset class={className}>
      <legend>{legend}</legend>
      {choices.map(([value, label]) => (
        <label key={value}>
          <input
            type="radio"
            name={group}
            value={value}
            checked={settings[name] === value}
            onChange={() => change((current) => ({ ...current, [name]: value }))}
          />{' '}
          {label}
        </label>
      ))}
    </fieldset>
  );
}
