/**
 * Explicit limits for everything a user can hand us. A material is typically 3–15 thousand
 * characters; these limits leave ample room while keeping every step bounded in time and memory.
 */
export const LIMITS = {
  /** Bytes of a plain-text upload. */
  maxTextBytes: 5 * 1024 * 1024,
  /** Bytes of a .docx upload (compressed). */
  maxDocxBytes: 20 * 1024 * 1024,
  /** Total bytes that the parts of a .docx we read may expand to. */
  maxDocxExpandedBytes: 60 * 1024 * 1024,
  /** Ratio of expanded to compressed size above which a .docx is treated as a zip bomb. */
  maxDocxExpansionRatio: 200,
  /** Characters of text that the parser will structure (after cleaning). */
  maxTextChars: 1_500_000,
  /** Characters in one paragraph; longer runs are split so that no step sees a giant line. */
  maxParagraphChars: 20_000,
} as const;
