/**
 * A labelled <select>. The label is tied by id rather than by wrapping: a label that wraps
 * a select makes Chrome include the selected option in the select's accessible name
 * ("Questionnaire ARQ — …, combobox, ARQ — …").
 */
import { useId, type ReactNode, type SelectHTMLAttributes } from 'react';

export function SelectField({
  label,
  className,
  children,
  ...select
}: { label: ReactNode; className?: string; children: ReactNode } & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      <select id={id} {...select}>
        {children}
      </select>
    </div>
  );
}
