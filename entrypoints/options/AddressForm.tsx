/** A pack's address asked for: a labelled URL field and its button (import once, subscribe). */
export function AddressForm(props: {
  class: string;
  /** The field's name, which tests and the browser's autofill know it by. */
  name: string;
  label: string;
  button: string;
  value: string;
  onInput: (value: string) => void;
  onSubmit: (address: string) => void;
  disabled?: boolean;
}) {
  return (
    <form
      class={props.class}
      onSubmit={(event) => {
        event.preventDefault();
        if (!props.disabled) props.onSubmit(props.value);
      }}
    >
      <label>
        {props.label}{' '}
        <input
          type="url"
          name={props.name}
          required
          placeholder="https://"
          value={props.value}
          onInput={(event) => props.onInput(event.currentTarget.value)}
        />
      </label>{' '}
      <button type="submit" disabled={props.disabled}>
        {props.button}
      </button>
    </form>
  );
}
