/** The ledger repository lives in ./ledger/ (one file per responsibility); this is its entry. */
export * from './ledger/index.js';
