import { useId } from 'react';

interface RadioOption<V extends string> {
  value: V;
  label: string;
  hint?: string;
}

interface RadioGroupProps<V extends string> {
  legend: string;
  name: string;
  options: readonly RadioOption<V>[];
  value: V;
  onChange: (value: V) => void;
  error?: string | undefined;
}

/** Native radio buttons in a fieldset: arrow keys, labels and the group name come for free. */
export function RadioGroup<V extends string>({ legend, name, options, value, onChange, error }: RadioGroupProps<V>) {
  const id = useId();
  const errorId = `${id}-error`;

  return (
    <fieldset className={error ? 'field radio-group field--invalid' : 'field radio-group'} aria-describedby={error ? errorId : undefined}>
      <legend className="field__label">{legend}</legend>
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
      <div className="radio-group__options">
        {options.map((option) => {
          const optionId = `${id}-${option.value}`;
          return (
            <div key={option.value} className="radio-card">
              <input
                id={optionId}
                className="radio-card__input"
                type="radio"
                name={name}
                value={option.value}
                checked={value === option.value}
                onChange={() => onChange(option.value)}
                aria-describedby={option.hint ? `${optionId}-hint` : undefined}
                aria-invalid={error ? true : undefined}
              />
              <label htmlFor={optionId} className="radio-card__label">
                {option.label}
              </label>
              {option.hint && (
                <span id={`${optionId}-hint`} className="radio-card__hint">
                  {option.hint}
                </span>
              )}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
