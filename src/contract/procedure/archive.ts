/** The meeting archive: each record as a file, and the whole file set as one .zip (downloads). */
import { z } from 'zod';
import { ARCHIVE_FORMATS, ARCHIVE_PARTS } from '../../core/meeting/archive.js';
import { IdParams } from '../common.js';

export const ArchivePartParams = IdParams.extend({ part: z.enum(ARCHIVE_PARTS) });
export const ArchiveFormatQuery = z.strictObject({ format: z.enum(ARCHIVE_FORMATS).default('docx') });
