/**
 * Sessions (routes/auth): log in, who am I, log out, change the password; and the demo accounts the
 * login page offers in demo mode (routes/demo).
 */
import { z } from 'zod';

export const LoginBodySchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export const PasswordChangeSchema = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

/** The signed-in person as a session sees himself. */
export const SessionPersonSchema = z.object({
  id: z.string(),
  name: z.string(),
  username: z.string().nullable(),
  isAdmin: z.boolean(),
  mustChangePassword: z.boolean(),
  title: z.string().nullable(),
});
export type SessionPerson = z.output<typeof SessionPersonSchema>;

/** One of the signed-in person's roles: where (organization and its path) and which (ROLES). */
export const SessionMembershipSchema = z.object({ orgId: z.string(), orgPath: z.string(), role: z.string() });
export type SessionMembership = z.output<typeof SessionMembershipSchema>;

export const LoginAnswerSchema = z.object({
  person: SessionPersonSchema,
  csrfToken: z.string(),
  expiresAt: z.string(),
});
export type LoginAnswer = z.output<typeof LoginAnswerSchema>;

/** GET /api/auth/me. */
export const MeSchema = z.object({
  person: SessionPersonSchema,
  memberships: z.array(SessionMembershipSchema),
  csrfToken: z.string(),
});
export type Me = z.output<typeof MeSchema>;

/** Demo mode: the accounts the login page lists (all with the demo password). */
export const DemoAccountSchema = z.object({
  username: z.string(),
  password: z.string(),
  name: z.string(),
  role: z.string(),
});
export type DemoAccount = z.output<typeof DemoAccountSchema>;
export const DemoAccountListSchema = z.object({ items: z.array(DemoAccountSchema) });
export type DemoAccountList = z.output<typeof DemoAccountListSchema>;
