/** A store that lives as long as the page: what a publish falls back to where there is no localStorage (Node.js). */
export function memoryKeyStore() {
    const values = new Map();
    return {
        getItem: key => values.get(key) ?? null,
        setItem: (key, value) => void values.set(key, value),
        removeItem: key => void values.delete(key),
    };
}
/** localStorage when the page has it (and it works: Safari's private mode throws on use), else a memory store. */
export function defaultKeyStore() {
    try {
        const storage = globalThis.localStorage;
        if (storage) {
            const probe = "event-wizard:probe";
            storage.setItem(probe, probe);
            storage.removeItem(probe);
            return storage;
        }
    }
    catch {
        // Storage present but refused: fall through to memory.
    }
    return memoryKeyStore();
}
