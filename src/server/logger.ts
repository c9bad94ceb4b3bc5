/** The log lives in the foundation layer (`src/logging`); re-exported for the server's files. */
export * from '../logging/logger';
