import type { ComponentChildren } from 'preact';
import type { Settings } from '@/lib/settings';

type BooleanKey = {
  [K in keyof Settings]: Settings[K] extends boolean ? K : never;
}[keyof Settings];

interface Props {
  name: BooleanKey;
  settings: Settings;
  change: (apply: (current: Settings) => Settings) => void;
  /** Shown as an on/off switch (the popup) rather than a plain checkbox. */
  asSwitch?: boolean;
  class?: string;
  children: ComponentChildren;
}

/** A checkbox bound to one on/off setting, saved at once. */
export function BooleanSetting({
  name,
  settings,
  change,
  asSwitch,
  class: className,
  children,
}: Props) {
  return (
    <label class={className}>
      <input
        type="checkbox"
        name={name}
        role={asSwitch ? 'switch' : undefined}
        checked={settings[name]}
        onChange={(event) => {
          const value = event.currentTarget.checked;
          change((current) => ({ ...current, [name]: value }));
        }}
      />
      {children}
    </label>
  );
}
