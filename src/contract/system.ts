/** Liveness and readiness (routes/health). */
import { z } from 'zod';

/** GET /api/health: the database answers; which database; whether this is the demo. */
export const HealthSchema = z.object({ status: z.literal('ok'), database: z.string(), demo: z.boolean() });
export type Health = z.output<typeof HealthSchema>;
