/** A value to copy (an invitation link, a token secret): selectable text and a copy button. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { announce } from './announce.js';

export function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      announce(t('common.copied'));
    } catch {
      // Clipboard refused (insecure context, permissions): select the text for a manual copy.
      (document.getElementById(id) as HTMLInputElement | null)?.select();
    }
  }

  return (
    <div className="copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-field-row">
        <input id={id} readOnly value={value} dir="ltr" onFocus={(e) => e.currentTarget.select()} />
        <button type="button" onClick={() => void copy()}>
          {copied ? t('common.copied') : t('common.copy')}
        </button>
      </div>
    </div>
  );
}
