/**
 * One polite live region for status messages ("Saved", "Query sent"): screen readers hear
 * them without focus moving. Pages call announce(); the shell renders <Announcer/>.
 */
import { useEffect, useState } from 'react';

type Listener = (message: string) => void;
const listeners = new Set<Listener>();

export function announce(message: string): void {
  for (const l of listeners) l(message);
}

export function Announcer() {
  const [message, setMessage] = useState('');
  useEffect(() => {
    const listener: Listener = (m) => {
      // Clearing first makes a repeated message be read again.
      setMessage('');
      requestAnimationFrame(() => setMessage(m));
    };
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {message}
    </div>
  );
}
