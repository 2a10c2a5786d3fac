/**
 * Where publish keys are kept until a publish's outcome is known: the Web Storage interface, so `localStorage`
 * (the default in a browser: shared by the tabs of an origin, kept across reloads) or `sessionStorage` fit, and so
 * does any object with these three methods (React Native's AsyncStorage behind a small cache, a test's Map).
 */
export interface KeyStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A store that lives as long as the page: what a publish falls back to where there is no localStorage (Node.js). */
export function memoryKeyStore(): KeyStore {
  const values = new Map<string, string>();
  return {
    getItem: key => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: key => void values.delete(key),
  };
}

/** localStorage when the page has it (and it works: Safari's private mode throws on use), else a memory store. */
export function defaultKeyStore(): KeyStore {
  try {
    const storage = (globalThis as { localStorage?: KeyStore }).localStorage;
    if (storage) {
      const probe = "event-wizard:probe";
      storage.setItem(probe, probe);
      storage.removeItem(probe);
      return storage;
    }
  } catch {
    // Storage present but refused: fall through to memory.
  }
  return memoryKeyStore();
}
