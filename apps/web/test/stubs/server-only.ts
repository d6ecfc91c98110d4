// Vitest stand-in for Next's `server-only` marker (tests run server modules directly).
export {};
