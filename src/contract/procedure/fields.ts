/**
 * Field helpers of the meeting procedure's requests (src/contract/procedure/*): a required text
 * (trimmed, not empty) and an optional one, each with its limit.
 */
import { z } from 'zod';

/** A required text of at most `max` characters, trimmed, not empty. */
export const Text = (max: number) => z.string().trim().min(1).max(max);
/** An optional text of at most `max` characters; null clears it. */
export const OptText = (max: number) => z.string().max(max).nullable().optional();
